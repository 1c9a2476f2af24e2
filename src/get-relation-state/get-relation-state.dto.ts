import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { NOT_IN_FORCE } from '../domain/areas/sanctions';
import { AsOfQueryDto } from '../http/time-query.dto';

const LIST = new RegExp(`^(${NOT_IN_FORCE.join('|')})(,(${NOT_IN_FORCE.join('|')}))*$`);

export class RelationStateQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({
    description: `Also list the sanctions packages not in force: a comma list of ${NOT_IN_FORCE.join(', ')}`,
    example: 'lifted,suspended,lapsed',
  })
  @IsOptional()
  @Matches(LIST, { message: `include must be a comma list of ${NOT_IN_FORCE.join(', ')}` })
  include?: string;
}
