import type { NatsConnection } from 'nats';

/** The parts of the `nats` client's (2.x) protocol handler that `coalesceWrites` replaces or uses. */
interface ProtocolInternals {
  outbound: { size(): number; fill(data: Uint8Array, ...payloads: Uint8Array[]): void };
  pendingLimit: number;
  sendCommand(cmd: string | Uint8Array, ...payloads: Uint8Array[]): void;
  flushPending(): void;
  _close(error?: Error): Promise<void>;
}

const encoder = new TextEncoder();

/**
 * Makes the client write what it queued once per event-loop turn instead of once per task.
 *
 * The `nats` client queues every protocol command (publish, ack, pull request, PING) in one
 * outbound buffer and writes that buffer to the socket in a microtask, so each task that sends
 * anything pays its own socket write. Under load a process handles many tasks per turn (an HTTP
 * request, a database reply, a pulled batch each), and every one of those writes is a system call
 * here and a read in nats-server. This moves the write to `setImmediate`: it runs once the turn's
 * I/O callbacks are done, and carries everything they queued in one write.
 *
 * What goes out, and in what order, is unchanged: the buffer is the client's own and is written
 * whole, in order. Only the moment changes, by at most the rest of the current turn (when nothing
 * else is ready, that is at once). The client still writes at once when the buffer reaches its
 * flush threshold, `flush()` (used by drain and by the consumer's stop) still writes inline, and
 * closing the connection writes what is queued first.
 *
 * Returns false and leaves the connection alone when the client is not the one this was written
 * against (the internals it relies on are missing).
 */
export function coalesceWrites(connection: NatsConnection): boolean {
  const protocol = (connection as unknown as { protocol?: Partial<ProtocolInternals> }).protocol;
  if (!isPatchable(protocol)) return false;
  let scheduled = false;
  const flushLater = () => {
    scheduled = false;
    protocol.flushPending();
  };
  protocol.sendCommand = function sendCommand(cmd: string | Uint8Array, ...payloads: Uint8Array[]): void {
    protocol.outbound.fill(typeof cmd === 'string' ? encoder.encode(cmd) : cmd, ...payloads);
    if (protocol.outbound.size() >= protocol.pendingLimit) {
      protocol.flushPending(); // as the client does: never let the buffer grow past its threshold
    } else if (!scheduled) {
      scheduled = true;
      setImmediate(flushLater);
    }
  };
  // What is still queued goes out before the socket closes, as it would have in its microtask.
  const close = protocol._close.bind(protocol);
  protocol._close = (error?: Error) => {
    protocol.flushPending();
    return close(error);
  };
  return true;
}

function isPatchable(protocol: Partial<ProtocolInternals> | undefined): protocol is ProtocolInternals {
  return (
    protocol !== undefined &&
    typeof protocol.sendCommand === 'function' &&
    typeof protocol.flushPending === 'function' &&
    typeof protocol._close === 'function' &&
    typeof protocol.pendingLimit === 'number' &&
    typeof protocol.outbound?.size === 'function' &&
    typeof protocol.outbound?.fill === 'function'
  );
}
