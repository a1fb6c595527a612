import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Metrics, PlatformMetrics } from '@app/observability';
import { StepsNeedingAttention } from '../../persistence/queries/steps-needing-attention';

/**
 * `saga_steps_needing_attention{type,step}`, read from the database on each scrape. Every
 * orchestrator replica reports the same counts: alert on `max`, not `sum`.
 */
@Injectable()
export class AttentionGauge implements OnModuleDestroy {
  private readonly stopObserving: () => void;

  constructor(metrics: Metrics, attention: StepsNeedingAttention) {
    this.stopObserving = metrics.observeGauge(PlatformMetrics.sagaStepsNeedingAttention, async () =>
      (await attention.count()).map(({ type, step, count }) => ({ labels: { type, step }, value: count })),
    );
  }

  onModuleDestroy(): void {
    this.stopObserving();
  }
}
