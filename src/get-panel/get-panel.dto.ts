import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsInstant } from '../http/validators';
import { TimeQueryDto } from '../http/time-query.dto';
import { GRANULARITIES, Granularity } from './panel';

export const PANEL_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type PanelFormat = (typeof PANEL_FORMATS)[number];

export class GetPanelQueryDto extends PickType(TimeQueryDto, ['knownAt']) {
  @ApiProperty({ example: '2022-01-01', description: 'The first period is the one holding this date' })
  @IsInstant()
  from!: string;

  @ApiProperty({ example: '2022-12-31', description: 'The last period is the one holding this date' })
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'month', description: 'Calendar periods, UTC' })
  @IsOptional()
  @IsIn(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(', ')}` })
  granularity?: Granularity;

  @ApiPropertyOptional({
    example: 'RU,JP',
    description: 'The pairs involving any of these parties (comma-separated codes); with pairs, those too',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  parties?: string;

  @ApiPropertyOptional({ example: 'JP-RU,QA-SA', description: 'These pairs (comma-separated, each A-B)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  pairs?: string;

  @ApiPropertyOptional({ enum: PANEL_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(PANEL_FORMATS, { message: `format must be one of ${PANEL_FORMATS.join(', ')}` })
  format?: PanelFormat;
}
