import type { ServiceBootstrapOptions } from '@app/platform';
import { GatewayModule } from './gateway.module';
import { configureGatewayHttp } from './http/configure-gateway-http';

/** How `bootstrapService` builds the gateway; shared by `main.ts` and the integration tests. */
export const gatewayBootstrap: ServiceBootstrapOptions = {
  module: (config) => GatewayModule.forRoot(config),
  configure: (app) => configureGatewayHttp(app),
};
