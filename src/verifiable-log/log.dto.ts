import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsEventId } from '../http/validators';

export class TreeSizeDto {
  @ApiPropertyOptional({ description: 'A size the tree had (default: its size now)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  treeSize?: number;
}

export class InclusionDto extends TreeSizeDto {
  @ApiProperty({ description: 'The event to prove' })
  @IsEventId()
  eventId!: string;
}

export class ConsistencyDto {
  @ApiProperty({ description: 'The size of the older tree (a kept checkpoint)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  first!: number;

  @ApiPropertyOptional({ description: 'The size of the newer tree (default: the size now)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  second?: number;
}

export class EntriesDto {
  @ApiPropertyOptional({ description: 'The first leaf (0-based)', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  start?: number;

  @ApiPropertyOptional({ description: '1 to 1000', default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  count?: number;
}
