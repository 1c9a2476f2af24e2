import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** Valid time and transaction time of a question; parsed by optionalInstant to name errors. */
export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Valid time: a date (end of that day, UTC) or an ISO timestamp; default now' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Transaction time: what the ledger knew then; default the head of the log' })
  @IsOptional()
  @IsString()
  knownAt?: string;
}
