/**
 * The inbox and outbox as every service's first migration creates them, for tests and benches
 * that set the tables up without running a service's whole migration list. The DDL lives in the
 * migration history, which must not change when this library does.
 */
export { createMessagingTables, dropMessagingTables } from '../../../migrations/history/messaging-tables';
