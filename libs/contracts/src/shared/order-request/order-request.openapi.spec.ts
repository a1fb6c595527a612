import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OrderRequest } from './order-request';

@Controller('orders')
class OrdersController {
  @Post()
  create(@Body() body: OrderRequest): OrderRequest {
    return body;
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

describe('OrderRequest in OpenAPI', () => {
  it('documents the body of POST /orders with its nested classes and limits', async () => {
    const app = await NestFactory.create(OrdersModule, { logger: false });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    await app.close();

    const schemas = document.components?.schemas ?? {};
    expect(schemas.OrderRequest).toMatchObject({
      required: ['customerId', 'currency', 'items', 'payment', 'shippingAddress'],
      properties: {
        customerId: { type: 'string', minLength: 1, maxLength: 64 },
        currency: { enum: ['USD', 'EUR', 'GBP'] },
        items: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: { $ref: '#/components/schemas/OrderItem' },
        },
        payment: { $ref: '#/components/schemas/PaymentDetails' },
        shippingAddress: { $ref: '#/components/schemas/ShippingAddress' },
      },
    });
    expect(schemas.OrderItem).toMatchObject({
      required: ['sku', 'quantity', 'unitPriceCents'],
      properties: { quantity: { type: 'integer', minimum: 1, maximum: 1000 } },
    });
    expect(schemas.PaymentDetails).toMatchObject({ properties: { method: { enum: ['card'] } } });
    expect(schemas.ShippingAddress).toMatchObject({
      required: ['name', 'line1', 'city', 'postalCode', 'country'],
    });
  });
});
