import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isOrganisation, ORGANISATIONS } from '../domain/codes';
import { about, invalid } from '../domain/errors';
import { openApiSchema } from '../http/openapi-schema';
import { AsOfQueryDto } from '../http/time-query.dto';
import { ListMembersQuery, MembersSchema } from './list-members.query';

@ApiTags('relations')
@Controller('v1/organisations')
export class ListMembersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':org/members')
  @ApiOperation({
    summary: 'The members of an organisation on a date (asOf) as known at a time (knownAt), each since when',
  })
  @ApiOkResponse({ description: 'The members, each since when', schema: openApiSchema(MembersSchema) })
  get(@Param('org') org: string, @Query() q: AsOfQueryDto) {
    if (!isOrganisation(org)) {
      throw invalid(
        about('org', ` must be one of the organisations ${Object.keys(ORGANISATIONS).join(', ')}; got "${org}"`),
      );
    }
    return this.queries.execute(new ListMembersQuery(org, q.asOf, q.knownAt));
  }
}
