import { natsServerArgs } from './local-nats-server';

describe('natsServerArgs', () => {
  it('builds the documented command line: JetStream on the given address and store directory', () => {
    expect(natsServerArgs({ host: '127.0.0.1', port: 4222, storeDir: '.data/nats' }).join(' ')).toBe(
      '-a 127.0.0.1 -p 4222 -js -sd .data/nats',
    );
  });
});
