import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class ChangesQueryDto {
  @ApiProperty({ description: 'The earlier date (its state at the end of that day, UTC) or timestamp' })
  @IsString({ message: 'from is required: a date or an ISO timestamp' })
  from!: string;

  @ApiProperty({ description: 'The later date or timestamp' })
  @IsString({ message: 'to is required: a date or an ISO timestamp' })
  to!: string;

  @ApiPropertyOptional({ description: 'Transaction time; default the head of the log' })
  @IsOptional()
  @IsString()
  knownAt?: string;
}
