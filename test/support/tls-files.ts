import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFiles {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed none of the above. */
  otherCaCert: string;
  dispose(): void;
}

/**
 * A throwaway CA (made with `openssl`) and, signed by it, a certificate for 127.0.0.1 and a client
 * certificate for mutual TLS. EC keys keep generation fast.
 */
export function createTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'saga-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const newKey = (name: string) =>
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', path(name));
  const selfSignedCa = (name: string) => {
    newKey(`${name}.key`);
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      path(`${name}.key`),
      '-subj',
      `/CN=${name}`,
      '-days',
      '1',
      '-out',
      path(`${name}.pem`),
    );
  };
  const signedBy = (ca: string, name: string, extensions: string) => {
    newKey(`${name}.key`);
    openssl('req', '-new', '-key', path(`${name}.key`), '-subj', `/CN=${name}`, '-out', path(`${name}.csr`));
    writeFileSync(path(`${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path(`${ca}.pem`),
      '-CAkey',
      path(`${ca}.key`),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      path(`${name}.ext`),
      '-out',
      path(`${name}.pem`),
    );
  };

  selfSignedCa('test-ca');
  selfSignedCa('other-ca');
  signedBy('test-ca', 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signedBy('test-ca', 'client', 'extendedKeyUsage=clientAuth\n');
  return {
    caCert: path('test-ca.pem'),
    serverCert: path('server.pem'),
    serverKey: path('server.key'),
    clientCert: path('client.pem'),
    clientKey: path('client.key'),
    otherCaCert: path('other-ca.pem'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
