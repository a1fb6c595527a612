export * from './app-config.module';
export * from './bootstrap-service';
export * from './database.module';
export * from './nats.module';
export * from './outbox-relay.service';
export * from './participant-command-runner';
export * from './platform.module';
