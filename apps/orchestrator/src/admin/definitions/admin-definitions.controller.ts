import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { type SagaDefinitionSummary, summarizeSagaDefinition } from '@app/saga-core';
import { SagaRuntime } from '../../runtime/saga-runtime';
import { AdminApi } from '../admin-api.decorator';

@AdminApi('admin: definitions')
@Controller('admin/definitions')
export class AdminDefinitionsController {
  constructor(private readonly runtime: SagaRuntime) {}

  @Get()
  @ApiOperation({
    summary: 'Every saga type and version this orchestrator runs, with its steps and their kinds',
  })
  @ApiOkResponse({
    description:
      '`{items:[{type, version, steps:[{name, kind, command, compensation, timeoutMs, maxAttempts}]}]}`',
  })
  list(): { items: SagaDefinitionSummary[] } {
    const items = this.runtime.registry
      .all()
      .map(summarizeSagaDefinition)
      .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
    return { items };
  }
}
