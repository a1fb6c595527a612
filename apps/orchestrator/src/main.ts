import { runService } from '@app/platform';
import { orchestratorBootstrap } from './orchestrator.bootstrap';

runService('orchestrator', orchestratorBootstrap());
