import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Requires } from '../http/access';
import { VerifyIntegrityQuery } from './verify-integrity.query';

@ApiTags('admin')
@Controller('v1/admin/integrity')
export class VerifyIntegrityController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Recompute the log's hash chain: `ok`, the events checked, the head's hash, and the first bad event",
  })
  @ApiResponse({ status: 200, description: '`ok: false` names `firstBad` (position, eventId, problem)' })
  @ApiResponse({ status: 501, description: 'The configured event store keeps no hash chain' })
  verify() {
    return this.queries.execute(new VerifyIntegrityQuery());
  }
}
