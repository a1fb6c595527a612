import {
  BadRequestException,
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
import { parseIsoInstant } from '../iso-instant';
import { OptionalReasonBody } from '../operator-reason';
import { DEFAULT_PAGE_LIMIT } from '../paging';
import { type PlannedCompensation, abortDryRun } from './abort-dry-run';
import { type BulkActionResult, actOnEach } from './bulk-action';
import { allowedOperatorActions } from './operator-actions';
import { SagaCatalog, type SagaListItem } from '../../persistence/queries/saga-catalog';
import { decodeSagaCursor, encodeSagaCursor } from './saga-cursor';
import {
  AbortSagaBody,
  AbortSagaQuery,
  BulkAbortBody,
  BulkRetryBody,
  ListSagasQuery,
  SagaIdParams,
} from './saga-requests';
import { type SagaView, toSagaView } from './saga-view';
import { DEFAULT_ATTENTION_AFTER_ATTEMPTS, stepNeedingAttention } from './step-attention';

export interface SagaListPage {
  items: SagaListItem[];
  nextCursor: string | null;
}

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
    summary:
      'Sagas, newest first, filtered by status, type, business key, creation/update time and needing attention; keyset-paged by cursor',
  })
  @ApiOkResponse({
    description: '`{items:[{sagaId,type,status,currentStep,businessKey,createdAt,updatedAt}], nextCursor}`',
  })
  async list(@Query() query: ListSagasQuery): Promise<SagaListPage> {
    const { items, next } = await this.catalog.list({
      status: query.status,
      type: query.type,
      businessKey: query.businessKey,
      createdAfter: instant(query.createdAfter),
      updatedBefore: instant(query.updatedBefore),
      needsAttention: query.needsAttention,
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      after: query.cursor === undefined ? undefined : decodeSagaCursor(query.cursor),
    });
    return { items, nextCursor: next && encodeSagaCursor(next) };
  }

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry many sagas: each like `POST /admin/sagas/{sagaId}/retry`, on its own timeline',
  })
  @ApiOkResponse({
    description:
      '`{results:[{sagaId, outcome:"accepted"|"refused", status?, error?}]}` in the order of `sagaIds`; an unknown saga is refused',
  })
  async retryMany(@Body() body: BulkRetryBody): Promise<{ results: BulkActionResult[] }> {
    return { results: await actOnEach(body.sagaIds, (sagaId) => this.runtime.retry(sagaId, body.reason)) };
  }

  @Post('abort')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Abort many sagas: each like `POST /admin/sagas/{sagaId}/abort`, on its own timeline',
  })
  @ApiOkResponse({
    description:
      '`{results:[{sagaId, outcome:"accepted"|"refused", status?, error?}]}` in the order of `sagaIds`; an unknown saga is refused',
  })
  async abortMany(@Body() body: BulkAbortBody): Promise<{ results: BulkActionResult[] }> {
    return { results: await actOnEach(body.sagaIds, (sagaId) => this.runtime.abort(sagaId, body.reason)) };
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
  @ApiOperation({
    summary:
      'Compensate a running saga; with `dryRun=true`, only list the compensations it would send, changing nothing',
  })
  @ApiOkResponse({
    description:
      'The saga, now compensating; with `dryRun=true`: `{compensations:[{step, command}]}` in the order they would be sent',
  })
  @ApiNotFoundResponse({ description: 'No saga has this id' })
  @ApiConflictResponse({ description: 'The saga passed its pivot, is compensating already, or is terminal' })
  async abort(
    @Param() { sagaId }: SagaIdParams,
    @Query() query: AbortSagaQuery,
    @Body() body: AbortSagaBody,
  ): Promise<SagaView | { compensations: PlannedCompensation[] }> {
    if (query.dryRun === true) return this.abortDryRun(sagaId, body.reason);
    this.check(sagaId, await this.runtime.abort(sagaId, body.reason));
    return this.view(sagaId);
  }

  private async abortDryRun(
    sagaId: string,
    reason: string,
  ): Promise<{ compensations: PlannedCompensation[] }> {
    const saga = await this.runtime.get(sagaId);
    if (!saga) throw notFound(sagaId);
    const definition = this.runtime.registry.get(saga.instance.type, saga.instance.version);
    const plan = abortDryRun(definition, saga.instance, reason);
    if (plan.outcome === 'refused') throw new ConflictException(plan.rejection.message);
    return { compensations: plan.compensations };
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
      saga.businessKey,
      saga.traceParent ?? null,
    );
  }
}

/** A validated ISO 8601 query value as an instant. */
function instant(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const parsed = parseIsoInstant(text);
  if (!parsed) throw new BadRequestException(`${text} is not an ISO 8601 instant`);
  return parsed;
}

function notFound(sagaId: string): NotFoundException {
  return new NotFoundException(`Saga ${sagaId} not found`);
}
