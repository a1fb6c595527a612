import { randomUUID } from 'node:crypto';
import { ErrorCode, NatsConnection, NatsError } from 'nats';
import {
  MessageContract,
  QueryContract,
  isQueryContract,
  jsonDepthProblem,
  validateQueryResult,
} from '@app/contracts';
import { errorMessage } from './errors';
import { toMsgHdrs } from './message-headers';
import { buildHeaders } from './outgoing-message';
import { QueryError, QueryReply } from './query-reply';

export type QueryTarget = Pick<MessageContract, 'type' | 'subject' | 'version'>;

/**
 * Asks whichever replica answers the query and resolves to its result (null = not found).
 * Given a `QueryContract`, the result is validated against its result class and returned as
 * an instance of it. Throws a `QueryError` on timeout, when nothing answers, when the
 * responder replies an error, or when the result breaks the contract.
 */
export function requestQuery<P extends object, R extends object>(
  connection: NatsConnection,
  contract: QueryContract<P, R>,
  payload: P,
  timeoutMs?: number,
): Promise<R | null>;
export function requestQuery<R = unknown>(
  connection: NatsConnection,
  contract: QueryTarget,
  payload: unknown,
  timeoutMs?: number,
): Promise<R | null>;
export async function requestQuery(
  connection: NatsConnection,
  contract: QueryTarget,
  payload: unknown,
  timeoutMs = 2_000,
): Promise<unknown> {
  const headers = buildHeaders({
    subject: contract.subject,
    payload,
    messageId: randomUUID(),
    type: contract.type,
    version: contract.version,
  });
  let reply: QueryReply<unknown>;
  try {
    const response = await connection.request(contract.subject, JSON.stringify(payload), {
      timeout: timeoutMs,
      headers: toMsgHdrs(headers),
    });
    reply = response.json<QueryReply<unknown>>();
  } catch (error) {
    throw describeFailure(error, contract, timeoutMs);
  }
  if ('error' in reply) {
    throw new QueryError(
      reply.error.code,
      `query ${contract.type} failed: ${reply.error.code}: ${reply.error.message}`,
    );
  }
  if (!isQueryContract(contract as MessageContract)) {
    // Unvalidated, but never deeper than a caller's own recursion (JSON.stringify, a transform) survives.
    const tooDeep = jsonDepthProblem(reply.result);
    if (tooDeep) {
      throw new QueryError('BAD_RESPONSE', `query ${contract.type} answered with a result that ${tooDeep}`);
    }
    return reply.result;
  }
  const validation = validateQueryResult(contract as QueryContract, reply.result);
  if (!validation.ok) {
    throw new QueryError(
      'BAD_RESPONSE',
      `query ${contract.type} answered with an invalid result: ${validation.errors.join('; ')}`,
    );
  }
  return validation.value;
}

function describeFailure(error: unknown, contract: QueryTarget, timeoutMs: number): QueryError {
  if (error instanceof NatsError && error.code === ErrorCode.NoResponders) {
    return new QueryError(
      'NO_RESPONDERS',
      `query ${contract.type}: no service answers on ${contract.subject}`,
    );
  }
  if (error instanceof NatsError && error.code === ErrorCode.Timeout) {
    return new QueryError('TIMEOUT', `query ${contract.type} timed out after ${timeoutMs} ms`);
  }
  return new QueryError('INTERNAL', `query ${contract.type} failed: ${errorMessage(error)}`);
}
