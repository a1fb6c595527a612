/** What a query responder sends back: the result (null = not found), or an error. */
export type QueryReply<R> = { result: R | null } | { error: { code: QueryErrorCode; message: string } };

export type QueryErrorCode = 'BAD_REQUEST' | 'BAD_RESPONSE' | 'INTERNAL' | 'TIMEOUT' | 'NO_RESPONDERS';

export class QueryError extends Error {
  constructor(
    readonly code: QueryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
