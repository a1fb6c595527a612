import { runService } from '@app/platform';
import { gatewayBootstrap } from './gateway.bootstrap';

runService('gateway', gatewayBootstrap);
