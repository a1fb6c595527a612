import { Controller, Get, Inject, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ApiExcludeController } from '@nestjs/swagger';
import { JetStreamHealthIndicator } from './jetstream.health';
import { ShutdownDrain } from './shutdown-drain';

export const HEALTH_USES_DATABASE = Symbol('HEALTH_USES_DATABASE');

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly jetStream: JetStreamHealthIndicator,
    private readonly drain: ShutdownDrain,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_USES_DATABASE) private readonly usesDatabase: boolean,
    @Optional() private readonly database?: TypeOrmHealthIndicator,
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The process can do its work: its database (if it owns one) and JetStream answer, and it is not stopping. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.drain.check(this.indicators),
      () => this.jetStream.isHealthy(),
      ...(this.usesDatabase && this.database
        ? [() => this.database!.pingCheck('database', { timeout: 1500 })]
        : []),
    ]);
  }
}
