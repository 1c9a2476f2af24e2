import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeBadParty, isParty } from '../domain/codes';
import { invalid } from '../domain/errors';
import { InheritQueryDto } from '../get-relation-state/get-relation-state.dto';
import { openApiSchema } from '../http/openapi-schema';
import { CountryRelationsSchema, GetCountryRelationsQuery } from './get-country-relations.query';

@ApiTags('relations')
@Controller('v1/countries')
export class GetCountryRelationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':c/relations')
  @ApiOperation({ summary: "A party's relations with every counterpart: status, sanctions each way, talks, regimes" })
  @ApiOkResponse({ description: 'One row per counterpart', schema: openApiSchema(CountryRelationsSchema) })
  get(@Param('c') c: string, @Query() q: InheritQueryDto) {
    if (!isParty(c)) throw invalid(describeBadParty('c', c));
    return this.queries.execute(new GetCountryRelationsQuery(c, q.asOf, q.knownAt, q.inherit === 'true'));
  }
}
