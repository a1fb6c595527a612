import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { PlatformModule } from '@app/platform';
import { provideQueryResponders } from '@app/participant';
import { InventoryCommandsController } from './inventory-commands.controller';
import { INVENTORY_ENTITIES } from './inventory.entities';
import { inventoryQueries } from './inventory-queries';
import { InventoryService } from './inventory.service';
import { RestockService } from './restock/restock.service';

@Module({})
export class InventoryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InventoryModule,
      imports: [PlatformModule.forService(config, { database: { entities: INVENTORY_ENTITIES } })],
      controllers: [InventoryCommandsController],
      providers: [
        InventoryService,
        RestockService,
        provideQueryResponders(InventoryService, inventoryQueries),
      ],
    };
  }
}
