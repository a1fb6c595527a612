import { runService } from '@app/platform';
import { participantConsumer } from '@app/participant';
import { ShippingModule } from './shipping.module';

runService('shipping', {
  module: (config) => ShippingModule.forRoot(config),
  consumers: () => [participantConsumer('shipping')],
});
