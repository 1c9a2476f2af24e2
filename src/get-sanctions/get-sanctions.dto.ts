import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { SanctionsFilterDto } from './sanctions-filter.dto';

export class GetSanctionsQueryDto extends SanctionsFilterDto {
  @ApiPropertyOptional({
    example: 'Gazprombank',
    description: 'An entity a measure names: its name or an id, whatever the case',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  entity?: string;

  @ApiPropertyOptional({ description: 'The `next` of the page before; 0 (default) starts at the beginning' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}
