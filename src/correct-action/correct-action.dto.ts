import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';
import { IsEventId, IsInstant } from '../http/validators';
import { QualifiersDto } from '../record-action/qualifiers.dto';

/** The fields named replace the action's (`details` and each qualifier as a whole). */
export class CorrectActionDto extends QualifiersDto {
  @ApiPropertyOptional({ example: '2022-03-21', description: 'A date, a timestamp, a month or a year' })
  @IsOptional()
  @IsInstant({ periods: true })
  occurredAt?: string;

  @ApiPropertyOptional({ description: "Replaces the action's details whole; validated against its type" })
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;

  @ApiProperty({ example: 'The ministry dated the statement a day earlier' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'A UUID that makes the correction retryable' })
  @IsOptional()
  @IsEventId()
  eventId?: string;
}
