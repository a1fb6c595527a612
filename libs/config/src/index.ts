export * from './app-config';
export * from './config-error';
export * from './load-config';
export * from './service-name';
export * from './nats-config';
export * from './idempotency-key-lifetime';
