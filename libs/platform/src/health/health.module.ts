import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_USES_DATABASE, HealthController } from './health.controller';
import { JetStreamHealthIndicator } from './jetstream.health';
import { ShutdownDrain } from './shutdown-drain';

@Module({})
export class HealthModule {
  static forRoot(options: { database: boolean }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        JetStreamHealthIndicator,
        ShutdownDrain,
        { provide: HEALTH_USES_DATABASE, useValue: options.database },
      ],
    };
  }
}
