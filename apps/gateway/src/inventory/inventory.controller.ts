import {
  Body,
  Controller,
  Get,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Put,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { GetStockQuery, SetStockQuery } from '@app/contracts';
import { AdminBearerGuard } from '@app/platform';
import { orUnavailable } from '../http/unavailable';
import { QUERY_CLIENT, QueryClient } from '../queries/query-client';
import { SkuPipe } from './sku.pipe';
import { SetStockRequest, StockView } from './stock.dto';
import { RETRY_AFTER_HEADER } from '../http/retry-after.filter';

const UNAVAILABLE = 'The inventory service is not answering; retry later';

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  private readonly logger = new Logger(InventoryController.name);

  constructor(@Inject(QUERY_CLIENT) private readonly queries: QueryClient) {}

  @Get(':sku')
  @ApiOkResponse({ type: StockView })
  @ApiBadRequestResponse({ description: 'sku does not match ^[A-Z0-9-]{1,32}$' })
  @ApiNotFoundResponse({ description: 'Unknown sku' })
  @ApiServiceUnavailableResponse({
    description: 'The inventory service is not answering',
    headers: RETRY_AFTER_HEADER,
  })
  async get(@Param('sku', SkuPipe) sku: string): Promise<StockView> {
    const stock = await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.queries.ask(GetStockQuery, { sku }),
    );
    if (!stock) throw new NotFoundException(`SKU ${sku} not found`);
    return toStockView(stock);
  }

  @Put(':sku')
  @UseGuards(AdminBearerGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: StockView, description: 'The new stock level (a new sku is created)' })
  @ApiBadRequestResponse({ description: 'Bad sku, or available is not an integer 0..1e9' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong admin bearer token' })
  @ApiServiceUnavailableResponse({
    description: 'The inventory service is not answering',
    headers: RETRY_AFTER_HEADER,
  })
  async set(@Param('sku', SkuPipe) sku: string, @Body() request: SetStockRequest): Promise<StockView> {
    const stock = await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.queries.ask(SetStockQuery, { sku, available: request.available }),
    );
    if (!stock) throw new Error(`inventory answered set-stock of ${sku} with null`);
    return toStockView(stock);
  }
}

function toStockView({ sku, available, reserved }: StockView): StockView {
  return { sku, available, reserved };
}
