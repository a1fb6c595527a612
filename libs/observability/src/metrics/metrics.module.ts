import { DynamicModule, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Metrics, getMetrics } from './metrics';

export interface MetricsModuleOptions {
  service: string;
}

/** `GET /metrics` and the process's `Metrics`, injectable anywhere in the app. */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: Metrics,
          useFactory: () => {
            const metrics = getMetrics();
            metrics.setService(options.service);
            return metrics;
          },
        },
      ],
      exports: [Metrics],
    };
  }
}
