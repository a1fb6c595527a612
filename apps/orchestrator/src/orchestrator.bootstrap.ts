import { orderReturnModule } from '@app/order-return';
import type { ServiceBootstrapOptions } from '@app/platform';
import type { SagaModule } from '@app/saga-core';
import { configureOrchestratorHttp } from './orchestrator-http';
import { OrchestratorModule } from './orchestrator.module';
import { type OrchestratorSettings, orchestratorSettingsFromEnv } from './orchestrator-settings';
import { orderFulfillmentModule } from './sagas/order-fulfillment';

/** The sagas this platform runs: the one place a saga module is added. */
export const ORCHESTRATOR_SAGAS: readonly SagaModule[] = [orderFulfillmentModule, orderReturnModule];

/**
 * How `bootstrapService` builds the orchestrator; shared by `main.ts` and the admin API tests.
 * Without `settings` they are read from the environment inside the start, so that a bad
 * variable ends it with one line like any other configuration error.
 */
export function orchestratorBootstrap(settings?: OrchestratorSettings): ServiceBootstrapOptions {
  return {
    module: (config) =>
      OrchestratorModule.forRoot(config, settings ?? orchestratorSettingsFromEnv(), {
        sagas: ORCHESTRATOR_SAGAS,
      }),
    configure: (app) => configureOrchestratorHttp(app),
  };
}
