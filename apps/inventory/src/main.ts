import { runService } from '@app/platform';
import { participantConsumer } from '@app/participant';
import { InventoryModule } from './inventory.module';

runService('inventory', {
  module: (config) => InventoryModule.forRoot(config),
  consumers: () => [participantConsumer('inventory')],
});
