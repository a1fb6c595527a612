import { runService } from '@app/platform';
import { participantConsumer } from '@app/participant';
import { PaymentModule } from './payment.module';

runService('payment', {
  module: (config) => PaymentModule.forRoot(config),
  consumers: () => [participantConsumer('payment')],
});
