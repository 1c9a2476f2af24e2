import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { IsParty } from '../http/validators';

export class LiveFeedQueryDto {
  @ApiPropertyOptional({ description: 'Exclusive position to catch up from; Last-Event-ID wins when sent; default 0' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'Only events of pairs this party is in', example: 'RU' })
  @IsOptional()
  @IsParty()
  country?: string;

  @ApiPropertyOptional({ description: 'Only events of this pair, the two codes in either order', example: 'JP,RU' })
  @IsOptional()
  @IsString({ message: 'must be two codes separated by a comma, given once: JP,RU' })
  pair?: string;
}
