import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { PlatformModule } from '@app/platform';
import { provideQueryResponders } from '@app/participant';
import { OrderCommandsController } from './order-commands.controller';
import { ORDER_ENTITIES } from './order.entities';
import { Order } from './order.entity';
import { orderQueries } from './order-queries';
import { OrderService } from './order.service';
import { OrderReturnsCommandsController } from './returns/order-returns-commands.controller';
import { OrderReturnsService } from './returns/order-returns.service';

@Module({})
export class OrderModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OrderModule,
      imports: [
        PlatformModule.forService(config, {
          database: { entities: ORDER_ENTITIES, orderRows: [{ entity: Order, orderIdProperty: 'id' }] },
        }),
      ],
      controllers: [OrderCommandsController, OrderReturnsCommandsController],
      providers: [OrderService, OrderReturnsService, provideQueryResponders(OrderService, orderQueries)],
    };
  }
}
