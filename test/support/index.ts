export * from './database';
export * from './eventually';
export * from './free-port';
export * from './nats-server';
export * from './stub-participants';
export * from './tls-files';
export * from './map-concurrently';
export * from './postgres-cluster';
