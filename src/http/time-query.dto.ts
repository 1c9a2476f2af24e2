import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsInstant } from './validators';

/** An optional time in a query: a date or an ISO timestamp; empty is the same as not given. */
const OptionalInstant = () => (target: object, key: string) => {
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))(target, key);
  IsOptional()(target, key);
  IsInstant()(target, key);
};

/**
 * Every time a question can take, declared once: valid time (`asOf`, or a window `from`..`to`) and
 * transaction time (`knownAt`). Each use case picks those it takes, so all are validated alike.
 */
export class TimeQueryDto {
  @ApiPropertyOptional({ description: 'Valid time: a date (end of that day, UTC) or an ISO timestamp; default now' })
  @OptionalInstant()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Earliest valid time (a date starts at 00:00Z)' })
  @OptionalInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Latest valid time (a date ends at 23:59:59.999Z)' })
  @OptionalInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'Transaction time: what the ledger knew then; default the head of the log' })
  @OptionalInstant()
  knownAt?: string;
}

/** A state on one date, as known at one time. */
export class AsOfQueryDto extends PickType(TimeQueryDto, ['asOf', 'knownAt']) {}

/** What happened in a span of valid time, as known at one time. */
export class WindowQueryDto extends PickType(TimeQueryDto, ['from', 'to', 'knownAt']) {}
