import { MsgHdrs, headers as createMsgHdrs } from 'nats';

/**
 * Plain record → NATS headers (what the outbox stores → what goes on the wire). A record's names
 * are distinct, so each is appended: `set` would first search for the name to delete it, which
 * made building a message's headers quadratic in their number.
 */
export function toMsgHdrs(record: Record<string, string>): MsgHdrs {
  const result = createMsgHdrs();
  for (const name of Object.keys(record)) result.append(name, record[name]);
  return result;
}

/** NATS headers → plain record, first value of each name (what is dead-lettered and traced). */
export function fromMsgHdrs(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  for (const [name, values] of headers) {
    if (values.length > 0) record[name] = values[0];
  }
  return record;
}

/** Bytes the headers take on the wire, to check a message against the server's max_payload before sending. */
export function headersByteLength(record: Record<string, string>): number {
  const overhead = 'NATS/1.0\r\n\r\n'.length;
  return Object.entries(record).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value) + 4,
    overhead,
  );
}
