import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListEventTypesQuery } from './list-event-types.query';

@ApiTags('catalogue')
@Controller('v1/event-types')
export class ListEventTypesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The event catalogue: types, their details schema, CAMEO code and Goldstein score' })
  list() {
    return this.queries.execute(new ListEventTypesQuery());
  }
}
