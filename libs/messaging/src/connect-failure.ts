import { ErrorCode } from 'nats';
import type { NatsConfig } from '@app/config';

const CREDENTIAL_CODES = new Set<string>([ErrorCode.AuthorizationViolation, ErrorCode.AuthenticationExpired]);
/** Node's certificate and handshake errors, and the client's "server has no TLS" one. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

function codeOf(error: unknown): string {
  return String((error as { code?: unknown })?.code ?? '');
}

function isTlsFailure(code: string): boolean {
  return TLS_CODE.test(code) || code === ErrorCode.ServerOptionNotAvailable;
}

/**
 * A failure that retrying cannot mend: the server refused the credentials or the TLS handshake
 * failed. Anything else (refused, reset, timed out) is a server that is not up yet.
 */
export function isPermanentConnectFailure(error: unknown): boolean {
  const code = codeOf(error);
  return CREDENTIAL_CODES.has(code) || isTlsFailure(code);
}

/** One line: which servers, why, and which variables to check. */
export function describeConnectFailure(config: NatsConfig, error: unknown): Error {
  const code = codeOf(error);
  const reason = ((error as Error)?.message ?? String(error)).replace(/^'(.*)'$/, '$1');
  const hint = CREDENTIAL_CODES.has(code)
    ? ' (check NATS_USER/NATS_PASS, NATS_TOKEN or NATS_CREDS)'
    : isTlsFailure(code)
      ? ' (check NATS_TLS_CA, NATS_TLS_CERT and NATS_TLS_KEY)'
      : '';
  return new Error(`cannot connect to NATS at ${config.servers.join(',')}: ${reason}${hint}`);
}
