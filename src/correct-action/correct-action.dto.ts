import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';
import { IsEventId, IsInstant } from '../http/validators';

/** The fields named replace the action's (`details` as a whole). */
export class CorrectActionDto {
  @ApiPropertyOptional({ example: '2022-03-21' })
  @IsOptional()
  @IsInstant()
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
