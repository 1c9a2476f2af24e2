import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class RelationsIndexQueryDto {
  @ApiPropertyOptional({
    description:
      'Earliest valid time shown (a date starts at 00:00Z); months are whole. Left out: the first action, or at most 1,200 months before `to` (or the last action)',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ description: 'Latest valid time shown (a date ends at 23:59:59.999Z); months are whole' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ description: 'Transaction time: the index as the ledger knew it then' })
  @IsOptional()
  @IsString()
  knownAt?: string;
}
