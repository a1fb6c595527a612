import type { Status } from 'nats';
import { followConnectionState } from './connection';

/** A connection whose status events the test pushes one by one. */
function scriptedConnection() {
  const pending: Array<(result: IteratorResult<Status>) => void> = [];
  const queued: Array<IteratorResult<Status>> = [];
  const push = (result: IteratorResult<Status>) => {
    const waiter = pending.shift();
    if (waiter) waiter(result);
    else queued.push(result);
  };
  const connection = {
    isClosed: () => false,
    status: (): AsyncIterable<Status> => ({
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<Status>>((resolve) => {
            const next = queued.shift();
            if (next) resolve(next);
            else pending.push(resolve);
          }),
      }),
    }),
  };
  return {
    connection,
    emit: (type: string) => push({ done: false, value: { type, data: '127.0.0.1:4222' } as Status }),
    close: () => push({ done: true, value: undefined }),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('followConnectionState', () => {
  it('is connected from the start, down after a disconnect, and up again after a reconnect', async () => {
    const { connection, emit } = scriptedConnection();
    const link = followConnectionState(connection);
    expect(link.isConnected()).toBe(true);

    emit('disconnect');
    await settle();
    expect(link.isConnected()).toBe(false);

    emit('reconnecting');
    await settle();
    expect(link.isConnected()).toBe(false);

    emit('reconnect');
    await settle();
    expect(link.isConnected()).toBe(true);
  });

  it('is down for good once the connection is closed', async () => {
    const { connection, close } = scriptedConnection();
    const link = followConnectionState(connection);
    close();
    await settle();
    expect(link.isConnected()).toBe(false);
  });
});
