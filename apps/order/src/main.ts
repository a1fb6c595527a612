import { runService } from '@app/platform';
import { participantConsumer } from '@app/participant';
import { OrderModule } from './order.module';

runService('order', {
  module: (config) => OrderModule.forRoot(config),
  consumers: () => [participantConsumer('order')],
});
