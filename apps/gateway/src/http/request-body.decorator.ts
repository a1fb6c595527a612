import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

/**
 * The parsed JSON body, for a pipe that validates it itself (`CompiledBodyPipe`). The global
 * ValidationPipe leaves custom parameter decorators alone, so the body is validated once.
 */
export const RequestBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<IncomingMessage & { body?: unknown }>().body,
);
