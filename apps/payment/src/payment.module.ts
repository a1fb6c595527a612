import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { PlatformModule } from '@app/platform';
import { provideQueryResponders } from '@app/participant';
import { PaymentCommandsController } from './payment-commands.controller';
import { PAYMENT_ENTITIES } from './payment.entities';
import { Payment } from './payment.entity';
import { paymentQueries } from './payment-queries';
import { PaymentService } from './payment.service';
import { RefundService } from './refunds/refund.service';

@Module({})
export class PaymentModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PaymentModule,
      imports: [
        PlatformModule.forService(config, {
          database: {
            entities: PAYMENT_ENTITIES,
            orderRows: [{ entity: Payment, orderIdProperty: 'orderId' }],
          },
        }),
      ],
      controllers: [PaymentCommandsController],
      providers: [PaymentService, RefundService, provideQueryResponders(PaymentService, paymentQueries)],
    };
  }
}
