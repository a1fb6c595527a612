import type { ServerResponse } from 'node:http';
import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import { OrderRateLimitGuard } from '../orders/order-rate-limit.guard';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { CompiledBodyPipe } from '../http/compiled-body.pipe';
import { RequestBody } from '../http/request-body.decorator';
import { RETRY_AFTER_HEADER } from '../http/retry-after.filter';
import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../orders/idempotency-key.decorator';
import { PARTIAL_VIEW_HEADER } from '../orders/orders.controller';
import { ReturnAccepted } from './return-accepted';
import { ReturnIntake } from './return-intake.service';
import { ReturnRequest } from './return-request';
import { ReturnView } from './return-view';
import { ReturnViewService } from './return-view.service';

@ApiTags('returns')
@Controller('orders/:orderId/returns')
export class ReturnsController {
  constructor(
    private readonly intake: ReturnIntake,
    private readonly views: ReturnViewService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBody({ type: ReturnRequest })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: `1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters, remembered for 24 h per order: the same key with the same body answers the same ids again (one saga); with a different body, 409. A key used for POST /orders or for another order's returns is another key.`,
  })
  @ApiAcceptedResponse({
    type: ReturnAccepted,
    description: 'The order-return saga is started (or queued while the orchestrator is down).',
    headers: {
      Location: { description: '/orders/{orderId}/returns/{returnId}', schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({
    description:
      'orderId is not a UUID, invalid body (message lists each field error), malformed JSON, bad Idempotency-Key',
  })
  @ApiNotFoundResponse({ description: 'No such order' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used with a different body' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 100 kB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content-Type is not application/json' })
  @ApiServiceUnavailableResponse({
    description:
      'The message broker or the order service is unreachable; retry with the same Idempotency-Key after Retry-After seconds',
    headers: RETRY_AFTER_HEADER,
  })
  @ApiTooManyRequestsResponse({
    description:
      'More than ORDER_RATE_LIMIT returns from this client IP within ORDER_RATE_WINDOW_MS (counted apart from orders); retry after Retry-After seconds',
  })
  @UseGuards(OrderRateLimitGuard)
  async request(
    @Param('orderId', ParseUUIDPipe) orderId: string,
    @RequestBody(new CompiledBodyPipe(ReturnRequest)) body: ReturnRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReturnAccepted> {
    const accepted = await this.intake.accept(orderId, body, idempotencyKey);
    response.setHeader('Location', `/orders/${orderId}/returns/${accepted.returnId}`);
    return accepted;
  }

  @Get(':returnId')
  @ApiOkResponse({
    type: ReturnView,
    description: `A just-accepted return is PENDING with a null refundCents. When the orchestrator does not answer, saga is null and the ${PARTIAL_VIEW_HEADER} header says "saga".`,
  })
  @ApiBadRequestResponse({ description: 'orderId or returnId is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such return of this order' })
  @ApiServiceUnavailableResponse({
    description: 'The order service is not answering',
    headers: RETRY_AFTER_HEADER,
  })
  async get(
    @Param('orderId', ParseUUIDPipe) orderId: string,
    @Param('returnId', ParseUUIDPipe) returnId: string,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReturnView> {
    const { view, missing } = await this.views.view(orderId, returnId);
    if (missing.length > 0) response.setHeader(PARTIAL_VIEW_HEADER, missing.join(','));
    return view;
  }
}
