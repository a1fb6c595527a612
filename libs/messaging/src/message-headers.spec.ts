import { type MsgHdrs, headers as createMsgHdrs } from 'nats';
import { fromMsgHdrs, toMsgHdrs } from './message-headers';

/** What the client writes for them (`encode` is the implementation's, not on the MsgHdrs type). */
function encoded(headers: MsgHdrs): string {
  return Buffer.from((headers as MsgHdrs & { encode(): Uint8Array }).encode()).toString();
}

describe('toMsgHdrs', () => {
  const record = {
    'message-id': 'm-1',
    'message-type': 'order.approve',
    'Nats-Msg-Id': 'm-1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    'correlation-id': ' padded ',
  };

  it('builds the headers set() would build, name by name, and encodes them the same', () => {
    const bySet = createMsgHdrs();
    for (const [name, value] of Object.entries(record)) bySet.set(name, value);
    const built = toMsgHdrs(record);
    expect(built.toString()).toBe(bySet.toString());
    expect(encoded(built)).toBe(encoded(bySet));
  });

  it('reads back as the record (values trimmed, as the client does)', () => {
    expect(fromMsgHdrs(toMsgHdrs(record))).toEqual({ ...record, 'correlation-id': 'padded' });
    expect(fromMsgHdrs(toMsgHdrs({}))).toEqual({});
  });

  it('refuses a value that would break the header block', () => {
    expect(() => toMsgHdrs({ 'saga-id': 'a\r\nInjected: yes' })).toThrow(/\\r and \\n are not allowed/);
  });
});
