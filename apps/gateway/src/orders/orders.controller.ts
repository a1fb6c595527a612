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
import { OrderRateLimitGuard } from './order-rate-limit.guard';
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
import { OrderRequest } from '@app/contracts';
import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from './idempotency-key.decorator';
import { OrderAccepted } from './order-accepted';
import { OrderIntake } from './order-intake.service';
import { OrderView } from './order-view';
import { OrderViewService } from './order-view.service';
import { CompiledBodyPipe } from '../http/compiled-body.pipe';
import { RequestBody } from '../http/request-body.decorator';
import { RETRY_AFTER_HEADER } from '../http/retry-after.filter';

/** Names the parts of an order view left `null` because their service did not answer. */
export const PARTIAL_VIEW_HEADER = 'X-Partial';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly intake: OrderIntake,
    private readonly views: OrderViewService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBody({ type: OrderRequest })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: `1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters, remembered for 24 h: the same key with the same body answers the same ids again (one saga); with a different body, 409.`,
  })
  @ApiAcceptedResponse({
    type: OrderAccepted,
    description: 'The saga is started (or queued while the orchestrator is down).',
    headers: { Location: { description: '/orders/{orderId}', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    description: 'Invalid body (message lists each field error), malformed JSON, bad Idempotency-Key',
  })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used with a different body' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 100 kB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content-Type is not application/json' })
  @ApiServiceUnavailableResponse({
    description:
      'The message broker is unreachable; retry with the same Idempotency-Key after Retry-After seconds',
    headers: RETRY_AFTER_HEADER,
  })
  @ApiTooManyRequestsResponse({
    description:
      'More than ORDER_RATE_LIMIT orders from this client IP within ORDER_RATE_WINDOW_MS; retry after Retry-After seconds',
  })
  @UseGuards(OrderRateLimitGuard)
  async place(
    @RequestBody(new CompiledBodyPipe(OrderRequest)) order: OrderRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<OrderAccepted> {
    const accepted = await this.intake.accept(order, idempotencyKey);
    response.setHeader('Location', `/orders/${accepted.orderId}`);
    return accepted;
  }

  @Get(':orderId')
  @ApiOkResponse({
    type: OrderView,
    description: `A just-accepted order is PENDING with null parts. A part whose service did not answer is null and named in the ${PARTIAL_VIEW_HEADER} header (e.g. "reservation,payment").`,
  })
  @ApiBadRequestResponse({ description: 'orderId is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such order' })
  @ApiServiceUnavailableResponse({
    description: 'The order service is not answering',
    headers: RETRY_AFTER_HEADER,
  })
  async get(
    @Param('orderId', ParseUUIDPipe) orderId: string,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<OrderView> {
    const { view, missing } = await this.views.view(orderId);
    if (missing.length > 0) response.setHeader(PARTIAL_VIEW_HEADER, missing.join(','));
    return view;
  }
}
