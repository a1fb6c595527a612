import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { DeadLetterPage, DeadLetterStore } from '@app/messaging';
import { AdminApi } from '../admin-api.decorator';
import { OptionalReasonBody } from '../operator-reason';
import { DEFAULT_PAGE_LIMIT } from '../paging';
import { DEAD_LETTER_STORE, DeadLetterDesk, type ReplayOutcome } from './dead-letter-desk';
import { DeadLetterIdParams, ListDeadLettersQuery } from './dead-letter-requests';

/** `nextCursor` goes out as a string, like the saga list's, and comes back as `cursor`. */
export interface DeadLetterListView extends Omit<DeadLetterPage, 'nextCursor'> {
  nextCursor: string | null;
}

@AdminApi('admin: dead letters')
@Controller('admin/dead-letters')
export class AdminDeadLettersController {
  constructor(
    @Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore,
    private readonly desk: DeadLetterDesk,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Dead letters in SAGA_DLQ, oldest first, optionally of one saga, original subject or consumer',
  })
  @ApiOkResponse({
    description:
      '`{items:[{id, sagaId, originalSubject, headers, payload, reason, deliveryCount, consumer, at, replayable}], nextCursor}`',
  })
  async list(@Query() query: ListDeadLettersQuery): Promise<DeadLetterListView> {
    const page = await this.store.list({
      after: query.cursor === undefined ? undefined : Number(query.cursor),
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      sagaId: query.sagaId,
      subject: query.subject,
      consumer: query.consumer,
    });
    return { items: page.items, nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish the original message again (new Nats-Msg-Id), then remove the dead letter',
  })
  @ApiOkResponse({ description: '`{id, sagaId, subject, messageId}`' })
  @ApiNotFoundResponse({ description: 'No such dead letter (or it was replayed or deleted already)' })
  @ApiConflictResponse({ description: 'The record is not a readable dead letter' })
  replay(@Param() { id }: DeadLetterIdParams, @Body() body: OptionalReasonBody): Promise<ReplayOutcome> {
    return this.desk.replay(Number(id), body.reason);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a dead letter without replaying it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such dead letter (or it was replayed or deleted already)' })
  async delete(@Param() { id }: DeadLetterIdParams): Promise<void> {
    await this.desk.delete(Number(id));
  }
}
