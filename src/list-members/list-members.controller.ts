import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { isOrganisation, ORGANISATIONS } from '../domain/codes';
import { about, invalid } from '../domain/errors';
import { AsOfQueryDto } from '../http/time-query.dto';
import { ListMembersQuery } from './list-members.query';

@ApiTags('relations')
@Controller('v1/organisations')
export class ListMembersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':org/members')
  @ApiOperation({
    summary: 'The members of an organisation on a date (asOf) as known at a time (knownAt), each since when',
  })
  get(@Param('org') org: string, @Query() q: AsOfQueryDto) {
    if (!isOrganisation(org)) {
      throw invalid(
        about('org', ` must be one of the organisations ${Object.keys(ORGANISATIONS).join(', ')}; got "${org}"`),
      );
    }
    return this.queries.execute(new ListMembersQuery(org, q.asOf, q.knownAt));
  }
}
