import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeBadParty, isParty } from '../domain/codes';
import { invalid } from '../domain/errors';
import { pairParam } from '../http/pair-param';
import { ChangesQueryDto, CountryChangesQueryDto } from './get-changes.dto';
import { GetChangesQuery, GetCountryChangesQuery } from './get-changes.query';

@ApiTags('relations')
@Controller('v1')
export class GetChangesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('relations/:a/:b/changes')
  @ApiOperation({
    summary:
      'What differs between the state of a pair on two dates (from, to), or what the ledger learned since a time',
  })
  get(@Param('a') a: string, @Param('b') b: string, @Query() q: ChangesQueryDto) {
    return this.queries.execute(new GetChangesQuery(pairParam(a, b), q));
  }

  @Get('countries/:c/changes')
  @ApiOperation({ summary: 'What the ledger learned since a time about each pair of a party: a daily digest' })
  country(@Param('c') c: string, @Query() q: CountryChangesQueryDto) {
    if (!isParty(c)) throw invalid(describeBadParty('c', c));
    return this.queries.execute(new GetCountryChangesQuery(c, q.since, q.asOf, q.knownAt));
  }
}
