import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { pairParam } from '../http/pair-param';
import { WindowQueryDto } from '../http/time-query.dto';
import { GetRelationsIndexQuery } from './get-relations-index.query';

@ApiTags('relations')
@Controller('v1/relations')
export class GetRelationsIndexController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':a/:b/index')
  @ApiOperation({
    summary:
      'The relations index over time: Goldstein scores per month (score, count, average, cumulative) and the running index after each action',
  })
  get(@Param('a') a: string, @Param('b') b: string, @Query() q: WindowQueryDto) {
    return this.queries.execute(new GetRelationsIndexQuery(pairParam(a, b), q.from, q.to, q.knownAt));
  }
}
