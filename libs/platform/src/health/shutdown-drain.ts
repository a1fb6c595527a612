import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/**
 * Whether the process has been asked to stop. From then until it exits, readiness answers 503
 * so that a load balancer takes it out of rotation while it still serves what it is sent.
 */
@Injectable()
export class ShutdownDrain {
  private since: Date | null = null;

  get draining(): boolean {
    return this.since !== null;
  }

  begin(): void {
    this.since ??= new Date();
  }

  /** The readiness check: down from the stop signal on. */
  check(health: HealthIndicatorService, key = 'shutdown') {
    const indicator = health.check(key);
    return this.since
      ? indicator.down({ message: 'stopping', since: this.since.toISOString() })
      : indicator.up();
  }
}
