import { join } from 'node:path';
import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { APP_CONFIG, AppConfig, ConfigError, ServiceName, loadConfig, runsWorker } from '@app/config';
import { JetStreamServer, JetStreamServerConsumer } from '@app/messaging';
import { PinoNestLogger, createLogger, initTracing, tracingOptionsFromEnv } from '@app/observability';
import { closeOnStopSignals } from './graceful-shutdown';
import { keepIdleConnectionsOpen } from './http/idle-connections';
import { databaseInfrastructure } from './database.module';
import { NATS_CONNECTION } from './nats.module';
import { installProcessFailureHandlers } from './process-failure-handlers';
import { mapStackTracesUnder } from './typescript-stack-traces';

export interface ServiceBootstrapOptions {
  module: (config: AppConfig) => DynamicModule | Type<unknown>;
  /** Durable JetStream consumers feeding the app's `@HandlesMessage` handlers. */
  consumers?: (config: AppConfig) => JetStreamServerConsumer[];
  /** App-specific HTTP setup (OpenAPI, body limits) before it listens. */
  configure?: (app: NestExpressApplication, config: AppConfig) => void | Promise<void>;
  env?: NodeJS.ProcessEnv;
}

/** Loads config (one clear line and exit 1 when it is bad), then builds, wires and starts a service. */
export async function bootstrapService(
  service: ServiceName,
  options: ServiceBootstrapOptions,
): Promise<INestApplication> {
  const config = loadConfigOrExit(service, options.env);
  initTracing(tracingOptionsFromEnv(service, options.env));
  const logger = createLogger({ service, level: config.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(options.module(config), {
    logger: new PinoNestLogger(logger),
  });
  app.use(helmet());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  keepIdleConnectionsOpen(app.getHttpServer());
  await options.configure?.(app, config);

  if (options.consumers && runsWorker(config.role)) {
    app.connectMicroservice(
      {
        strategy: new JetStreamServer({
          connection: app.get(NATS_CONNECTION),
          consumers: options.consumers(config),
          infrastructure: databaseInfrastructure(app),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(config.port);
  logger.info({ port: config.port, role: config.role }, `${service} listening`);
  if (config.adminTokenGenerated && service !== 'gateway' && config.nodeEnv === 'development') {
    logger.warn('ADMIN_TOKEN is not set: a random one was generated for this process');
  }
  return app;
}

function loadConfigOrExit(service: ServiceName, env?: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadConfig(service, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The body of every app's `main.ts`: start the service, or say why not in one line and exit 1. */
export function runService(service: ServiceName, options: ServiceBootstrapOptions): void {
  // Stack traces point at the TypeScript outside production (the image prints them as compiled).
  // Three folders up from here is the build output, dist/, whose files carry source maps.
  if ((options.env ?? process.env).NODE_ENV !== 'production')
    mapStackTracesUnder(join(__dirname, '..', '..', '..'));
  installProcessFailureHandlers({ service }); // here, not in bootstrapService: tests boot apps in-process
  bootstrapService(service, options).then(
    // Here rather than in bootstrapService, so apps booted in-process by tests leave no listeners.
    (app) => closeOnStopSignals(app, app.get<AppConfig>(APP_CONFIG)),
    (error: unknown) => {
      process.stderr.write(`${service}: failed to start: ${(error as Error).message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
