import { runService } from '@app/platform';
import { OrchestratorModule } from './orchestrator.module';
import { orchestratorSettingsFromEnv } from './orchestrator-settings';

runService('orchestrator', {
  module: (config) => OrchestratorModule.forRoot(config, orchestratorSettingsFromEnv()),
});
