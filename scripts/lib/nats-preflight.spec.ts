import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { freePort } from '@test/support';
import { isAnyNatsReachable, natsAddress, planNats } from './nats-preflight';

describe('planNats', () => {
  it('uses a reachable server', () => {
    expect(planNats(['nats://broker:4222'], true, undefined)).toEqual({ action: 'use' });
  });

  it('starts a local server when nothing listens on the default URL and nats-server is installed', () => {
    expect(planNats(['nats://127.0.0.1:4222'], false, '/usr/sbin/nats-server')).toEqual({
      action: 'start-local',
      address: { host: '127.0.0.1', port: 4222 },
    });
  });

  it('says how to install nats-server when it is missing', () => {
    expect(planNats(['nats://127.0.0.1:4222'], false, undefined)).toEqual({
      action: 'fail',
      message:
        'NATS is not reachable at nats://127.0.0.1:4222 and nats-server is not on PATH: install nats-server (https://docs.nats.io/running-a-nats-service/introduction/installation) or set NATS_URL',
    });
  });

  it('never starts a server in place of a configured one, and says how to start it', () => {
    expect(
      planNats(['nats://svc:pw@127.0.0.1:4333', 'nats://127.0.0.1:4334'], false, '/usr/sbin/nats-server'),
    ).toEqual({
      action: 'fail',
      message:
        'NATS is not reachable at nats://svc:***@127.0.0.1:4333,nats://127.0.0.1:4334: start it with: nats-server -a 127.0.0.1 -p 4333 -js -sd .data/nats',
    });
  });
});

describe('natsAddress', () => {
  it('reads host and port, defaulting to 4222', () => {
    expect(natsAddress('nats://broker')).toEqual({ host: 'broker', port: 4222 });
    expect(natsAddress('tls://[::1]:4443')).toEqual({ host: '::1', port: 4443 });
  });
});

describe('isAnyNatsReachable', () => {
  it('is true when one server of a list accepts connections', async () => {
    const listener = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const open = `nats://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const closed = `nats://127.0.0.1:${await freePort()}`;
      expect(await isAnyNatsReachable([closed, open])).toBe(true);
      expect(await isAnyNatsReachable([closed])).toBe(false);
    } finally {
      listener.close();
    }
  });
});
