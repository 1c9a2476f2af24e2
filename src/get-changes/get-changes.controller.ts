import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { pairParam } from '../http/pair-param';
import { ChangesQueryDto } from './get-changes.dto';
import { GetChangesQuery } from './get-changes.query';

@ApiTags('relations')
@Controller('v1/relations')
export class GetChangesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':a/:b/changes')
  @ApiOperation({ summary: 'What differs between the state of a pair on two dates' })
  get(@Param('a') a: string, @Param('b') b: string, @Query() q: ChangesQueryDto) {
    return this.queries.execute(new GetChangesQuery(pairParam(a, b), q.from, q.to, q.knownAt));
  }
}
