import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { QueryContract, defineContract } from '@app/contracts';

export class WidgetPart {
  @IsString()
  @MinLength(1)
  sku: string;
}

export class WidgetPayload {
  @IsString()
  @MinLength(1)
  widgetId: string;

  @IsInt()
  @Min(1)
  quantity: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => WidgetPart)
  part?: WidgetPart;

  @IsOptional()
  @IsString()
  note?: string;
}

/** A command used only by this lib's tests; tests publish it on their own subjects to stay isolated. */
export const WidgetCommand = defineContract({
  type: 'test.widget.build',
  kind: 'command',
  subject: 'saga.cmd.test.widget',
  version: 1,
  payload: WidgetPayload,
  description: 'Builds a widget (test only).',
});

export class WidgetQueryPayload {
  @IsString()
  @MinLength(1)
  widgetId: string;
}

export class WidgetResult {
  @IsString()
  @MinLength(1)
  widgetId: string;

  @IsString()
  colour: string;
}

export const GetWidgetQuery: QueryContract<WidgetQueryPayload, WidgetResult> = Object.freeze({
  type: 'query.test.widget.get',
  kind: 'query',
  subject: 'query.test.widget.get',
  version: 1,
  payload: WidgetQueryPayload,
  result: WidgetResult,
  description: 'Reads a widget (test only).',
});
