import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { configureJsonBody } from '@app/platform';

/**
 * HTTP setup that must happen before the app listens: JSON bodies within the limit, and the
 * OpenAPI document at `/docs` (`/docs-json` for the raw document).
 */
export function configureGatewayHttp(app: NestExpressApplication): void {
  configureJsonBody(app);
  const document = new DocumentBuilder()
    .setTitle('Saga Orchestrator gateway')
    .setDescription(
      'Place orders (each runs an order-fulfillment saga), return their items (each return runs an order-return saga), follow both, and manage stock.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
}
