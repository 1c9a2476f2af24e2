import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACTION_TYPES, ActionType } from '../domain/catalogue/catalogue';
import { DATASET, MAX_PROVENANCE_ROWS } from '../domain/events';
import { IsEventId, IsInstant, IsParty } from '../http/validators';
import { QualifiersDto } from './qualifiers.dto';

export class SourceDto {
  @ApiProperty({ example: 'https://www.mid.ru/en/' })
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'url must be an http(s) URL' })
  url!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  publisher?: string;

  @ApiPropertyOptional({ example: '2022-03-21' })
  @IsOptional()
  @IsInstant()
  publishedAt?: string;
}

/** Where an imported action came from; kept with the event (its metadata), not part of the action itself. */
export class ProvenanceDto {
  @ApiProperty({ example: 'gdelt', description: 'The dataset: letters, digits, `.`, `_` and `-`' })
  @Matches(DATASET, {
    message: 'dataset must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  dataset!: string;

  @ApiProperty({ example: '20220321.export.CSV' })
  @IsString()
  @Length(1, 500)
  file!: string;

  @ApiProperty({ example: ['1034567890'], description: "The rows: the dataset's row ids, or line numbers" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROVENANCE_ROWS)
  @IsString({ each: true })
  @Length(1, 100, { each: true, message: 'each of rows must be a string of 1 to 100 characters' })
  rows!: string[];
}

/** One diplomatic action as posted: the body of POST /v1/events and each item of a batch. */
export class RecordActionDto extends QualifiersDto {
  @ApiProperty({ enum: ACTION_TYPES })
  @IsIn(ACTION_TYPES, { message: `type must be one of ${ACTION_TYPES.join(', ')}` })
  type!: ActionType;

  @ApiProperty({ example: 'RU', description: 'ISO 3166-1 alpha-2 or an organisation code' })
  @IsParty()
  actor!: string;

  @ApiProperty({ example: 'JP' })
  @IsParty()
  target!: string;

  @ApiProperty({
    example: '2022-03-21',
    description:
      'Valid time: YYYY-MM-DD (00:00Z), an ISO timestamp, or a month (YYYY-MM) or year (YYYY), folded at its start',
  })
  @IsInstant({ periods: true })
  occurredAt!: string;

  @ApiPropertyOptional({ description: 'Per type; see GET /v1/event-types', example: { track: 'peace-treaty' } })
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  summary?: string;

  @ApiPropertyOptional({ type: [SourceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SourceDto)
  sources?: SourceDto[];

  @ApiPropertyOptional({ description: 'A UUID that makes the write retryable' })
  @IsOptional()
  @IsEventId()
  eventId?: string;

  @ApiPropertyOptional({
    type: ProvenanceDto,
    description:
      'Where an imported action came from (dataset, file, rows): kept with the event, shown with it, filtered on by ' +
      'GET /v1/events?source=; not compared when a write is retried',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProvenanceDto)
  provenance?: ProvenanceDto;

  @ApiPropertyOptional({ description: "The revision of the pair's last event, -1 for none" })
  @IsOptional()
  @IsInt()
  @Min(-1)
  expectedRevision?: number;
}

export class RecordBatchDto {
  @ApiProperty({ type: [RecordActionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROVENANCE_ROWS)
  @ValidateNested({ each: true })
  @Type(() => RecordActionDto)
  events!: RecordActionDto[];
}

export class DryRunQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Check the request as a write would, record nothing' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}
