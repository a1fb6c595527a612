import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { configureJsonBody } from '@app/platform';

/** HTTP setup before the app listens: JSON bodies within the limit, and the OpenAPI document at `/docs`. */
export function configureOrchestratorHttp(app: NestExpressApplication): void {
  configureJsonBody(app);
  const document = new DocumentBuilder()
    .setTitle('Saga Orchestrator admin')
    .setDescription(
      'Inspect and repair sagas, read saga definitions and statistics, and handle dead letters.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
}
