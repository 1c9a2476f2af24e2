import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchema } from '../http/openapi-schema';
import { pairParam } from '../http/pair-param';
import { RelationStateQueryDto } from './get-relation-state.dto';
import { GetRelationStateQuery, RelationStateAnswerSchema } from './get-relation-state.query';

@ApiTags('relations')
@Controller('v1/relations')
export class GetRelationStateController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':a/:b')
  @ApiOperation({ summary: 'The state of relations of a pair on a date (asOf), as known at a time (knownAt)' })
  @ApiOkResponse({ description: 'The state, area by area', schema: openApiSchema(RelationStateAnswerSchema) })
  get(@Param('a') a: string, @Param('b') b: string, @Query() q: RelationStateQueryDto) {
    const include = q.include?.split(',') ?? [];
    return this.queries.execute(
      new GetRelationStateQuery(pairParam(a, b), q.asOf, q.knownAt, include, q.inherit === 'true'),
    );
  }
}
