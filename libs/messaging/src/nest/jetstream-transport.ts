/** Nest transport id of `JetStreamServer`: `@HandlesMessage` handlers are registered with this server only. */
export const JETSTREAM_TRANSPORT = Symbol('JETSTREAM_TRANSPORT');
