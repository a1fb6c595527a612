import type { ServiceBootstrapOptions } from '@app/platform';
import { configureOrchestratorHttp } from './orchestrator-http';
import { OrchestratorModule } from './orchestrator.module';
import { type OrchestratorSettings, orchestratorSettingsFromEnv } from './orchestrator-settings';

/**
 * How `bootstrapService` builds the orchestrator; shared by `main.ts` and the admin API tests.
 * Without `settings` they are read from the environment inside the start, so that a bad
 * variable ends it with one line like any other configuration error.
 */
export function orchestratorBootstrap(settings?: OrchestratorSettings): ServiceBootstrapOptions {
  return {
    module: (config) => OrchestratorModule.forRoot(config, settings ?? orchestratorSettingsFromEnv()),
    configure: (app) => configureOrchestratorHttp(app),
  };
}
