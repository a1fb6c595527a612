import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NatsConnection } from 'nats';
import { coalesceWrites } from './coalesced-writes';

/** The client's protocol handler as far as `coalesceWrites` uses it: an outbound buffer and a socket. */
class FakeProtocol {
  queued: Uint8Array[] = [];
  writes: string[] = [];
  closed = false;
  pendingLimit = 1024;
  readonly outbound = {
    size: () => this.queued.reduce((total, chunk) => total + chunk.byteLength, 0),
    fill: (data: Uint8Array, ...payloads: Uint8Array[]) => void this.queued.push(data, ...payloads),
  };
  sendCommand(..._command: Array<string | Uint8Array>): void {
    throw new Error('the original sendCommand must not be called');
  }
  flushPending(): void {
    if (this.queued.length === 0) return;
    this.writes.push(Buffer.concat(this.queued).toString());
    this.queued = [];
  }
  async _close(): Promise<void> {
    this.closed = true;
  }
}

function connectionOver(protocol: FakeProtocol): NatsConnection {
  return { protocol } as unknown as NatsConnection;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('coalesceWrites', () => {
  it('writes what the whole turn queued once, in order, after the turn', async () => {
    const protocol = new FakeProtocol();
    expect(coalesceWrites(connectionOver(protocol))).toBe(true);

    protocol.sendCommand('PUB a 1\r\n', bytes('1'), bytes('\r\n'));
    await Promise.resolve(); // the client's own flush would have written here
    protocol.sendCommand(bytes('PUB b 1\r\n'), bytes('2'), bytes('\r\n'));
    setImmediate(() => protocol.sendCommand('PUB c 1\r\n', bytes('3'), bytes('\r\n')));
    expect(protocol.writes).toEqual([]);

    await nextTurn();
    expect(protocol.writes).toEqual(['PUB a 1\r\n1\r\nPUB b 1\r\n2\r\n']);
    await nextTurn();
    expect(protocol.writes).toEqual(['PUB a 1\r\n1\r\nPUB b 1\r\n2\r\n', 'PUB c 1\r\n3\r\n']);
  });

  it('writes at once when the buffer reaches the flush threshold, and anything after it later', async () => {
    const protocol = new FakeProtocol();
    protocol.pendingLimit = 10;
    coalesceWrites(connectionOver(protocol));

    protocol.sendCommand('PUB a 5\r\n', bytes('hello'));
    expect(protocol.writes).toEqual(['PUB a 5\r\nhello']);
    protocol.sendCommand('PING\r\n');
    expect(protocol.writes).toHaveLength(1);
    await nextTurn();
    expect(protocol.writes).toEqual(['PUB a 5\r\nhello', 'PING\r\n']);
  });

  it('keeps what could not be written (disconnected) for the next write', async () => {
    const protocol = new FakeProtocol();
    const flush = protocol.flushPending.bind(protocol);
    let connected = false;
    protocol.flushPending = () => (connected ? flush() : undefined);
    coalesceWrites(connectionOver(protocol));

    protocol.sendCommand('PUB a 1\r\n', bytes('1'));
    await nextTurn();
    expect(protocol.writes).toEqual([]);
    connected = true;
    protocol.sendCommand('PUB b 1\r\n', bytes('2'));
    await nextTurn();
    expect(protocol.writes).toEqual(['PUB a 1\r\n1PUB b 1\r\n2']);
  });

  it('writes what is queued before the connection closes', async () => {
    const protocol = new FakeProtocol();
    coalesceWrites(connectionOver(protocol));

    protocol.sendCommand('+ACK\r\n');
    await (protocol as unknown as { _close(): Promise<void> })._close();
    expect(protocol.writes).toEqual(['+ACK\r\n']);
    expect(protocol.closed).toBe(true);
  });

  it('leaves a client it does not know alone', () => {
    expect(coalesceWrites({} as NatsConnection)).toBe(false);
    const protocol = new FakeProtocol() as Partial<FakeProtocol>;
    delete protocol.pendingLimit;
    const original = protocol.sendCommand;
    expect(coalesceWrites(connectionOver(protocol as FakeProtocol))).toBe(false);
    expect(protocol.sendCommand).toBe(original);
  });
});
