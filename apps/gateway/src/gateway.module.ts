import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type AppConfig, idempotencyKeyTtlMs } from '@app/config';
import { NATS_CONNECTION, NATS_CONNECTION_STATE, NatsConnection, PlatformModule } from '@app/platform';
import { RetryAfterErrorFilter } from './http/retry-after.filter';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency-store';
import { JetStreamIdempotencyStore } from './idempotency/jetstream-idempotency.store';
import { InventoryController } from './inventory/inventory.controller';
import { ACCEPTED_ORDERS } from './orders/accepted-orders';
import { BROKER_LINK, BrokerLink } from './orders/broker-link';
import { JetStreamAcceptedOrders } from './orders/jetstream-accepted-orders';
import { OrderIntake } from './orders/order-intake.service';
import { OrderViewService } from './orders/order-view.service';
import { OrdersController } from './orders/orders.controller';
import { orderRateLimitModule } from './orders/order-rate-limit';
import { NatsQueryClient } from './queries/nats-query-client';
import { QUERY_CLIENT } from './queries/query-client';
import { ACCEPTED_RETURNS } from './returns/accepted-returns';
import { JetStreamAcceptedReturns } from './returns/jetstream-accepted-returns';
import { ReturnIntake } from './returns/return-intake.service';
import { ReturnViewService } from './returns/return-view.service';
import { ReturnsController } from './returns/returns.controller';

/** The HTTP front door: owns no database schema, only three KeyValue buckets in JetStream. */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig): DynamicModule {
    const replicas = config.nats.streamReplicas;
    const idempotencyTtlMs = idempotencyKeyTtlMs();
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forService(config, { database: false }),
        orderRateLimitModule(config.orderRateLimit),
      ],
      controllers: [OrdersController, ReturnsController, InventoryController],
      providers: [
        { provide: APP_FILTER, useClass: RetryAfterErrorFilter },
        {
          provide: IDEMPOTENCY_STORE,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection) =>
            JetStreamIdempotencyStore.open(connection, replicas, idempotencyTtlMs),
        },
        {
          provide: ACCEPTED_ORDERS,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection) => JetStreamAcceptedOrders.open(connection, replicas),
        },
        {
          provide: ACCEPTED_RETURNS,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection) => JetStreamAcceptedReturns.open(connection, replicas),
        },
        {
          provide: BROKER_LINK,
          useExisting: NATS_CONNECTION_STATE,
        },
        {
          provide: QUERY_CLIENT,
          inject: [NATS_CONNECTION, BROKER_LINK],
          useFactory: (connection: NatsConnection, broker: BrokerLink) =>
            new NatsQueryClient(connection, broker),
        },
        OrderIntake,
        OrderViewService,
        ReturnIntake,
        ReturnViewService,
      ],
    };
  }
}
