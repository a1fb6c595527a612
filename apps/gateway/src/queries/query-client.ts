import type { QueryContract } from '@app/contracts';

/** Asks the service behind a query contract; `null` means "no such thing", a rejection "no answer". */
export interface QueryClient {
  ask<P extends object, R extends object>(contract: QueryContract<P, R>, payload: P): Promise<R | null>;
}

export const QUERY_CLIENT = Symbol('QUERY_CLIENT');
