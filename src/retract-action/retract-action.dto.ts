import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class RetractActionDto {
  @ApiProperty({ example: 'Reported in error: the source was retracted' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'A UUID that makes the retraction retryable' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}
