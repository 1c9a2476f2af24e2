import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { SOURCE } from '../domain/events';
import { PageLimit } from '../http/validators';

export class ReadLogQueryDto {
  @ApiPropertyOptional({ description: 'Exclusive position; 0 starts at the beginning', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @PageLimit('1 to 1000; default 100. Leave out with Accept: application/x-ndjson to stream the rest of the log')
  limit?: number;

  @ApiPropertyOptional({
    example: 'gdelt:20220321.export.CSV',
    description: 'Only the actions imported from a dataset (`gdelt`), or from one file of it (`dataset:file`)',
  })
  @IsOptional()
  @Matches(SOURCE, {
    message: 'source must be a dataset (letters, digits, ".", "_", "-") or dataset:file',
  })
  source?: string;
}
