import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { freePort } from '@test/support';
import { waitUntilReady } from './wait-until-ready';

describe('waitUntilReady', () => {
  let server: Server;
  let url: string;
  let readyAfter: number;

  beforeEach(async () => {
    let calls = 0;
    readyAfter = 3;
    server = createServer((_req, res) => {
      calls += 1;
      res.statusCode = calls >= readyAfter ? 200 : 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/ready`;
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('waits until every URL answers 200 and names those that never do', async () => {
    const closedPort = await freePort();
    const notReady = await waitUntilReady(
      { gateway: url, order: `http://127.0.0.1:${closedPort}/health/ready` },
      // Generous: under a loaded CI machine a loopback answer can take longer than a few rounds of 10 ms.
      { timeoutMs: 3_000, intervalMs: 50, signal: new AbortController().signal },
    );

    expect(notReady).toEqual(['order']);
  });

  it('stops polling when aborted', async () => {
    readyAfter = Number.POSITIVE_INFINITY;
    const controller = new AbortController();
    controller.abort();

    expect(
      await waitUntilReady(
        { gateway: url },
        { timeoutMs: 60_000, intervalMs: 10, signal: controller.signal },
      ),
    ).toEqual(['gateway']);
  });
});
