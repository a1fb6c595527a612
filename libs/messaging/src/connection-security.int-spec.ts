import { connect } from 'nats';
import { loadConfig } from '@app/config';
import { TestNatsServer, TlsFiles, createTlsFiles, expectEventually, startNatsServer } from '@test/support';
import { closeNats, connectNats } from './connection';
import { MessagingLogger } from './messaging-logger';

const silent: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Connects the way an app does: from its environment, through `loadConfig`. */
async function connectWith(env: NodeJS.ProcessEnv) {
  const connection = await connectNats(loadConfig('order', env).nats, 'security-test', silent);
  const answered = await connection.jetstreamManager().then((jsm) => jsm.getAccountInfo());
  await closeNats(connection);
  return answered;
}

describe('connectNats before the server is up', () => {
  it('waits, says once why, and connects when the server starts', async () => {
    const server = await startNatsServer();
    try {
      await server.stop();
      const warn = jest.fn();
      const connecting = connectNats({ servers: [server.url], streamReplicas: 1 }, 'early-bird', {
        ...silent,
        warn,
      });
      await expectEventually(() => expect(warn).toHaveBeenCalled());
      await server.restart();
      const connection = await connecting;
      await closeNats(connection);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        `cannot connect to NATS at ${server.url}: CONNECTION_REFUSED; retrying`,
      );
    } finally {
      await server.dispose();
    }
  });
});

describe('connectNats against a secured nats-server', () => {
  describe('with user and password', () => {
    let server: TestNatsServer;
    beforeAll(async () => {
      server = await startNatsServer({ args: ['--user', 'svc', '--pass', 'right-password'] });
    });
    afterAll(() => server?.dispose());

    it('connects with the right credentials and uses JetStream', async () => {
      await expect(
        connectWith({ NATS_URL: server.url, NATS_USER: 'svc', NATS_PASS: 'right-password' }),
      ).resolves.toMatchObject({ streams: 0 });
    });

    it.each([
      ['a wrong password', { NATS_USER: 'svc', NATS_PASS: 'wrong-password' }],
      ['no credentials', {}],
      ['a token instead', { NATS_TOKEN: 'right-password' }],
    ])('refuses %s with a clear error', async (_case, credentials) => {
      await expect(connectWith({ NATS_URL: server.url, ...credentials })).rejects.toThrow(
        `cannot connect to NATS at ${server.url}: Authorization Violation (check NATS_USER/NATS_PASS, NATS_TOKEN or NATS_CREDS)`,
      );
    });
  });

  describe('with a token', () => {
    let server: TestNatsServer;
    beforeAll(async () => {
      server = await startNatsServer({ args: ['--auth', 'the-token'] });
    });
    afterAll(() => server?.dispose());

    it('connects with the token and is refused another', async () => {
      await expect(connectWith({ NATS_URL: server.url, NATS_TOKEN: 'the-token' })).resolves.toBeDefined();
      await expect(connectWith({ NATS_URL: server.url, NATS_TOKEN: 'not-the-token' })).rejects.toThrow(
        'Authorization Violation',
      );
    });
  });

  describe('with TLS', () => {
    let tls: TlsFiles;
    let server: TestNatsServer;
    let mutual: TestNatsServer;
    beforeAll(async () => {
      tls = createTlsFiles();
      const serverTls = ['--tls', '--tlscert', tls.serverCert, '--tlskey', tls.serverKey];
      [server, mutual] = await Promise.all([
        startNatsServer({ args: serverTls }),
        startNatsServer({ args: [...serverTls, '--tlsverify', '--tlscacert', tls.caCert] }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([server?.dispose(), mutual?.dispose()]);
      tls?.dispose();
    });

    it('connects when NATS_TLS_CA names the CA that signed the server certificate', async () => {
      await expect(connectWith({ NATS_URL: server.url, NATS_TLS_CA: tls.caCert })).resolves.toBeDefined();
    });

    it('refuses a server whose certificate another CA signed', async () => {
      await expect(connectWith({ NATS_URL: server.url, NATS_TLS_CA: tls.otherCaCert })).rejects.toThrow(
        new RegExp(
          `^cannot connect to NATS at ${server.url}: .+ \\(check NATS_TLS_CA, NATS_TLS_CERT and NATS_TLS_KEY\\)$`,
        ),
      );
    });

    it('presents the client certificate from NATS_TLS_CERT/NATS_TLS_KEY to a server that requires one', async () => {
      await expect(
        connectWith({
          NATS_URL: mutual.url,
          NATS_TLS_CA: tls.caCert,
          NATS_TLS_CERT: tls.clientCert,
          NATS_TLS_KEY: tls.clientKey,
        }),
      ).resolves.toBeDefined();
      // The server does demand one: without it the handshake never completes (the client times out).
      await expect(
        connect({ servers: mutual.url, tls: { caFile: tls.caCert }, timeout: 1_000 }),
      ).rejects.toMatchObject({ code: 'TIMEOUT' });
    });
  });
});
