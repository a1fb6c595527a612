import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { PlatformModule } from '@app/platform';
import { provideQueryResponders } from '@app/participant';
import { ShippingCommandsController } from './shipping-commands.controller';
import { SHIPPING_ENTITIES } from './shipping.entities';
import { shippingQueries } from './shipping-queries';
import { ShippingService } from './shipping.service';

@Module({})
export class ShippingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ShippingModule,
      imports: [PlatformModule.forService(config, { database: { entities: SHIPPING_ENTITIES } })],
      controllers: [ShippingCommandsController],
      providers: [ShippingService, provideQueryResponders(ShippingService, shippingQueries)],
    };
  }
}
