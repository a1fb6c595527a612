import type { OnApplicationBootstrap, Provider, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, servesWeb } from '@app/config';
import type { QueryContract } from '@app/contracts';
import { QueryResponder } from '@app/messaging';
import { BeforeNatsClose, NATS_CONNECTION, NatsConnection } from '@app/platform';

/** One query a service answers, its handler typed by the contract. */
export interface QueryAnswer<P extends object = object, R extends object = object> {
  contract: QueryContract<P, R>;
  handle(payload: P): Promise<R | null>;
}

export function answerQuery<P extends object, R extends object>(
  contract: QueryContract<P, R>,
  handle: (payload: P) => Promise<R | null>,
): QueryAnswer {
  return { contract, handle } as unknown as QueryAnswer;
}

/** What a service's query answers are built from. */
export interface QueryDependencies<S> {
  domain: S;
  dataSource: DataSource;
  config: AppConfig;
}

const QUERY_RESPONDERS = Symbol('QUERY_RESPONDERS');

/**
 * A provider that, once the app has booted, subscribes a responder per answer in the service's
 * queue group (its replicas share the requests) and drains them before NATS closes. A `worker`
 * process answers no queries.
 */
export function provideQueryResponders<S>(
  domain: Type<S>,
  answers: (dependencies: QueryDependencies<S>) => QueryAnswer[],
): Provider {
  return {
    provide: QUERY_RESPONDERS,
    inject: [NATS_CONNECTION, BeforeNatsClose, APP_CONFIG, getDataSourceToken(), domain],
    useFactory: (
      connection: NatsConnection,
      beforeClose: BeforeNatsClose,
      config: AppConfig,
      dataSource: DataSource,
      service: S,
    ): OnApplicationBootstrap => ({
      onApplicationBootstrap: async () => {
        if (!servesWeb(config.role)) return;
        const responders = answers({ domain: service, dataSource, config }).map(
          ({ contract, handle }) =>
            new QueryResponder(connection, {
              contract,
              queue: config.service,
              handle: (payload) => handle(payload),
            }),
        );
        beforeClose.add(async () => {
          await Promise.all(responders.map((responder) => responder.stop()));
        });
        // The server holds the subscriptions before the app reports ready.
        await connection.flush();
      },
    }),
  };
}
