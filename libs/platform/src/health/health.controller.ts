import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiExcludeController } from '@nestjs/swagger';
import { JetStreamHealthIndicator } from './jetstream.health';

export const HEALTH_USES_DATABASE = Symbol('HEALTH_USES_DATABASE');

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly jetStream: JetStreamHealthIndicator,
    @Inject(HEALTH_USES_DATABASE) private readonly usesDatabase: boolean,
    @Optional() private readonly database?: TypeOrmHealthIndicator,
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The process can do its work: its database (if it owns one) and JetStream answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.jetStream.isHealthy(),
      ...(this.usesDatabase && this.database
        ? [() => this.database!.pingCheck('database', { timeout: 1500 })]
        : []),
    ]);
  }
}
