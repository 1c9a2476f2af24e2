import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { NOT_IN_FORCE } from '../domain/areas/sanctions';
import { AsOfQueryDto } from '../http/time-query.dto';

const LIST = new RegExp(`^(${NOT_IN_FORCE.join('|')})(,(${NOT_IN_FORCE.join('|')}))*$`);

/** A state, or a party's relations, with what the parties' organisations had in force (`inherit=true`). */
export class InheritQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({
    description:
      'true: add what each organisation a party was a member of on asOf had in force on the other party, each ' +
      'entry marked via: "<org>" (GET /v1/organisations/{org}/members)',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'inherit must be true or false' })
  inherit?: string;
}

export class RelationStateQueryDto extends InheritQueryDto {
  @ApiPropertyOptional({
    description: `Also list the sanctions packages not in force: a comma list of ${NOT_IN_FORCE.join(', ')}`,
    example: 'lifted,suspended,lapsed',
  })
  @IsOptional()
  @Matches(LIST, { message: `include must be a comma list of ${NOT_IN_FORCE.join(', ')}` })
  include?: string;
}
