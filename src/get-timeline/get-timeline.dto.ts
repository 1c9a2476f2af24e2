import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class TimelineQueryDto {
  @ApiPropertyOptional({ description: 'Earliest valid time listed (a date starts at 00:00Z)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ description: 'Latest valid time listed (a date ends at 23:59:59.999Z)' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ description: 'Transaction time: the timeline as the ledger knew it then' })
  @IsOptional()
  @IsString()
  knownAt?: string;
}
