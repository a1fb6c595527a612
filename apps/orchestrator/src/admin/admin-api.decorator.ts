import { UseGuards, applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminBearerGuard } from '@app/platform';

/** An admin API controller: bearer token required, documented under `tag`. */
export function AdminApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No or a wrong `Authorization: Bearer <ADMIN_TOKEN>`' }),
    ApiBadRequestResponse({ description: '`{statusCode, message: [...]}` naming each invalid field' }),
    UseGuards(AdminBearerGuard),
  );
}
