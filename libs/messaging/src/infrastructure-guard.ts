/**
 * What a consumer needs to know of the infrastructure its handlers use (the service's database),
 * so that an outage is waited out instead of being blamed on the messages that ran into it.
 * The messaging library knows no database; each app hands in an adapter.
 */
export interface InfrastructureGuard {
  /** Whether `error` came from the infrastructure (unreachable, timed out, contention), not from the message. */
  isInfrastructureFailure(error: unknown): boolean;
  /** Told of each failure `isInfrastructureFailure` matched; may start checking, so `whenAvailable` holds the pulls. */
  failed(error: unknown): void;
  /** Resolves at once while the infrastructure answers; otherwise once it answers again (or `signal` aborts). */
  whenAvailable(signal: AbortSignal): Promise<void>;
}

/** For consumers whose handlers use no infrastructure of their own: every failure is the message's. */
export const NO_INFRASTRUCTURE: InfrastructureGuard = {
  isInfrastructureFailure: () => false,
  failed: () => undefined,
  whenAvailable: async () => undefined,
};
