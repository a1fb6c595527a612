import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JSON_BODY_LIMIT, bodyParserErrors, requireJsonContentType } from './json-body';

/**
 * HTTP setup that must happen before the app listens: the JSON body limit (registering our
 * parser first makes Nest skip its default one), JSON errors for what the parser rejects, and
 * the OpenAPI document at `/docs` (`/docs-json` for the raw document).
 */
export function configureGatewayHttp(app: NestExpressApplication): void {
  app.use(requireJsonContentType);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(bodyParserErrors);
  const document = new DocumentBuilder()
    .setTitle('Saga Orchestrator gateway')
    .setDescription('Place orders (each runs an order-fulfillment saga), follow them, and manage stock.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
}
