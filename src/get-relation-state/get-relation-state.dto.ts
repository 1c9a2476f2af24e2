import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AsOfQueryDto } from '../http/time-query.dto';

export class RelationStateQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: ['lifted'], description: 'Also list lifted sanctions packages' })
  @IsOptional()
  @IsIn(['lifted'], { message: 'include must be "lifted"' })
  include?: 'lifted';
}
