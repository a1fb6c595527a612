import type { NestExpressApplication } from '@nestjs/platform-express';
import { JSON_BODY_LIMIT, bodyParserErrors, rejectDeepJson, requireJsonContentType } from './json-body';

/**
 * JSON bodies only, at most `JSON_BODY_LIMIT` and `MAX_JSON_DEPTH` levels deep, with parser
 * failures answered as `{statusCode, message}`. Registering this parser before the app listens makes Nest skip its
 * default one.
 */
export function configureJsonBody(app: NestExpressApplication): void {
  app.use(requireJsonContentType);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(bodyParserErrors);
  app.use(rejectDeepJson);
}
