import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { pairParam } from '../http/pair-param';
import { WindowQueryDto } from '../http/time-query.dto';
import { GetTimelineQuery } from './get-timeline.query';

@ApiTags('relations')
@Controller('v1/relations')
export class GetTimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':a/:b/timeline')
  @ApiOperation({
    summary: "A pair's actions in valid-time order, each with its effect, retractions and corrections marked",
  })
  get(@Param('a') a: string, @Param('b') b: string, @Query() q: WindowQueryDto) {
    return this.queries.execute(new GetTimelineQuery(pairParam(a, b), q.from, q.to, q.knownAt));
  }
}
