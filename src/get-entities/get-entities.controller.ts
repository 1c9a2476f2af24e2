import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchema } from '../http/openapi-schema';
import { GetEntitiesQueryDto } from './get-entities.dto';
import { EntitiesAnswerSchema, GetEntitiesQuery } from './get-entities.query';

@ApiTags('sanctions')
@Controller('v1/entities')
export class GetEntitiesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Sanctioned entities whose name or id contains q, with the packages that name them',
    description:
      'Packages in force on asOf as known at knownAt by default (status= for others); by key, page with after=<next>.',
  })
  @ApiOkResponse({ description: 'A page of entities', schema: openApiSchema(EntitiesAnswerSchema) })
  get(@Query() q: GetEntitiesQueryDto) {
    return this.queries.execute(new GetEntitiesQuery(q));
  }
}
