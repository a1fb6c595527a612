import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminApi } from '../admin-api.decorator';
import { type SagaStats, SagaStatsReader } from './saga-stats';

@AdminApi('admin: stats')
@Controller('admin/stats')
export class AdminStatsController {
  constructor(private readonly stats: SagaStatsReader) {}

  @Get()
  @ApiOperation({
    summary:
      'Saga counts by status and by current step, rates over the last minute, and 15 minutes of history for charts',
  })
  @ApiOkResponse({
    description:
      '`{byStatus:{RUNNING,…}, runningByStep:{step:n}, ratesPerMinute:{started, finished}, needingAttentionByStep:{step:n}, history:{bucketSeconds:10, buckets:[{at, started, completed, compensated, failed}]}}` (history: the last 15 minutes, oldest first)',
  })
  read(): Promise<SagaStats> {
    return this.stats.read();
  }
}
