import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../http/validators';
import { TimeQueryDto } from '../http/time-query.dto';

/**
 * Either two dates to compare (`from`, `to`, both required: what changed in the world between them), or
 * `since` (what the ledger learned since a time: the state on `asOf` as known then against as known now).
 */
export class ChangesQueryDto extends PickType(TimeQueryDto, ['asOf', 'knownAt']) {
  @ApiPropertyOptional({ description: 'The earlier date (its state at the end of that day, UTC) or timestamp' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'The later date or timestamp' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({
    description: 'Instead of from and to: what the ledger learned after this time (a digest), on asOf (default now)',
  })
  @IsOptional()
  @IsInstant()
  since?: string;
}

/** What a party's relations learned since a time. */
export class CountryChangesQueryDto extends PickType(TimeQueryDto, ['asOf', 'knownAt']) {
  @ApiPropertyOptional({ description: 'What the ledger learned after this time (required)' })
  @IsInstant()
  since!: string;
}
