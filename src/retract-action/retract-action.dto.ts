import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsEventId } from '../http/validators';

export class RetractActionDto {
  @ApiProperty({ example: 'Reported in error: the source was retracted' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'A UUID that makes the retraction retryable' })
  @IsOptional()
  @IsEventId()
  eventId?: string;
}
