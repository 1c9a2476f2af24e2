import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListPartiesQuery } from './list-parties.query';

@ApiTags('catalogue')
@Controller('v1/parties')
export class ListPartiesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The accepted actor and target codes: ISO 3166-1 countries and organisations, with names' })
  list() {
    return this.queries.execute(new ListPartiesQuery());
  }
}
