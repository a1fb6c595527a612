import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { freePort } from '@test/support';
import { reachPlatform } from './platform-access';

describe('reachPlatform', () => {
  let server: Server;
  let url: string;

  beforeEach(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/health/ready' ? 200 : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('uses the platform that answers at GATEWAY_URL, with the admin token from the environment', async () => {
    const platform = await reachPlatform({
      logFile: '/dev/null',
      env: {
        GATEWAY_URL: `${url}/`,
        ORCHESTRATOR_URL: 'http://admin.local:9001',
        ADMIN_TOKEN: 'an-admin-token-of-24-chars',
      },
    });

    expect(platform).toMatchObject({
      gatewayUrl: url,
      orchestratorUrl: 'http://admin.local:9001',
      adminToken: 'an-admin-token-of-24-chars',
      startedHere: false,
    });
    expect(platform.nats.servers).toEqual(['nats://127.0.0.1:4222']);
    await platform.stop();
  });

  it('finds the apps on their configured ports by default', async () => {
    const port = (server.address() as AddressInfo).port;

    const platform = await reachPlatform({ logFile: '/dev/null', env: { GATEWAY_PORT: String(port) } });

    expect(platform).toMatchObject({
      gatewayUrl: url,
      orchestratorUrl: 'http://127.0.0.1:3001',
      startedHere: false,
    });
    expect(platform.adminToken).toBeUndefined();
  });

  it('does not start a platform of its own when the GATEWAY_URL it was given does not answer', async () => {
    const gatewayUrl = `http://127.0.0.1:${await freePort()}`;
    const said: string[] = [];

    await expect(
      reachPlatform({
        logFile: '/dev/null',
        env: { GATEWAY_URL: gatewayUrl },
        say: (line) => said.push(line),
      }),
    ).rejects.toThrow(`nothing answers at GATEWAY_URL=${gatewayUrl}`);
    expect(said).toEqual([]);
  });
});
