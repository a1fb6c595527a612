import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ORCHESTRATOR_SETTINGS, type OrchestratorSettings } from '../../orchestrator-settings';
import type { OperatorOutcome } from '../../runtime/saga-runtime';
import { SagaRuntime } from '../../runtime/saga-runtime';
import { AdminApi } from '../admin-api.decorator';
import { OptionalReasonBody } from '../operator-reason';
import { DEFAULT_PAGE_LIMIT } from '../paging';
import { allowedOperatorActions } from './operator-actions';
import { SagaCatalog, type SagaListPage } from './saga-catalog';
import { decodeSagaCursor } from './saga-cursor';
import { AbortSagaBody, ListSagasQuery, SagaIdParams } from './saga-requests';
import { type SagaView, toSagaView } from './saga-view';
import { DEFAULT_ATTENTION_AFTER_ATTEMPTS, stepNeedingAttention } from './step-attention';

@AdminApi('admin: sagas')
@Controller('admin/sagas')
export class AdminSagasController {
  private readonly attentionAfterAttempts: number;

  constructor(
    private readonly runtime: SagaRuntime,
    private readonly catalog: SagaCatalog,
    @Inject(ORCHESTRATOR_SETTINGS) settings: OrchestratorSettings,
  ) {
    this.attentionAfterAttempts = settings.attentionAfterAttempts ?? DEFAULT_ATTENTION_AFTER_ATTEMPTS;
  }

  @Get()
  @ApiOperation({
    summary: 'Sagas, newest first, filtered by status, type and needing attention; keyset-paged by cursor',
  })
  @ApiOkResponse({
    description: '`{items:[{sagaId,type,status,currentStep,createdAt,updatedAt}], nextCursor}`',
  })
  list(@Query() query: ListSagasQuery): Promise<SagaListPage> {
    return this.catalog.list({
      status: query.status,
      type: query.type,
      needsAttention: query.needsAttention,
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      after: query.cursor === undefined ? undefined : decodeSagaCursor(query.cursor),
    });
  }

  @Get(':sagaId')
  @ApiOperation({
    summary:
      'One saga: state, data, steps, the step needing attention, timeline and links to what can be done',
  })
  @ApiNotFoundResponse({ description: 'No saga has this id' })
  detail(@Param() { sagaId }: SagaIdParams): Promise<SagaView> {
    return this.view(sagaId);
  }

  @Post(':sagaId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a FAILED saga, or cut a step’s retry backoff short' })
  @ApiOkResponse({ description: 'The saga after the retry' })
  @ApiConflictResponse({ description: 'Nothing waits for a retry' })
  async retry(@Param() { sagaId }: SagaIdParams, @Body() body: OptionalReasonBody): Promise<SagaView> {
    this.check(sagaId, await this.runtime.retry(sagaId, body.reason));
    return this.view(sagaId);
  }

  @Post(':sagaId/abort')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compensate a running saga' })
  @ApiOkResponse({ description: 'The saga, now compensating' })
  @ApiConflictResponse({ description: 'The saga passed its pivot, is compensating already, or is terminal' })
  async abort(@Param() { sagaId }: SagaIdParams, @Body() body: AbortSagaBody): Promise<SagaView> {
    this.check(sagaId, await this.runtime.abort(sagaId, body.reason));
    return this.view(sagaId);
  }

  private check(sagaId: string, outcome: OperatorOutcome): void {
    if (outcome.outcome === 'not-found') throw notFound(sagaId);
    if (outcome.outcome === 'refused') throw new ConflictException(outcome.message);
  }

  private async view(sagaId: string): Promise<SagaView> {
    const saga = await this.runtime.get(sagaId);
    if (!saga) throw notFound(sagaId);
    const definition = this.runtime.registry.get(saga.instance.type, saga.instance.version);
    return toSagaView(
      saga.instance,
      saga.timeline,
      allowedOperatorActions(definition, saga.instance),
      stepNeedingAttention(saga.instance, this.attentionAfterAttempts),
    );
  }
}

function notFound(sagaId: string): NotFoundException {
  return new NotFoundException(`Saga ${sagaId} not found`);
}
