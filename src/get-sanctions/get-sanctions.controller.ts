import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchema } from '../http/openapi-schema';
import { GetSanctionsQueryDto } from './get-sanctions.dto';
import { GetSanctionsQuery, SanctionsAnswerSchema } from './get-sanctions.query';

@ApiTags('sanctions')
@Controller('v1/sanctions')
export class GetSanctionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Sanctions packages across pairs: those in force on asOf as known at knownAt, by default',
    description: 'In the order they were imposed in the log; page with after=<next>.',
  })
  @ApiOkResponse({ description: 'A page of packages', schema: openApiSchema(SanctionsAnswerSchema) })
  get(@Query() q: GetSanctionsQueryDto) {
    return this.queries.execute(new GetSanctionsQuery(q));
  }
}
