import { Body, Controller, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthedRequest, Requires } from '../http/access';
import { CheckActionsCommand, RecordActionsCommand } from './record-action.command';
import { DryRunQueryDto, RecordActionDto, RecordBatchDto } from './record-action.dto';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class RecordActionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Requires('writer')
  @ApiOperation({ summary: 'Record one diplomatic action' })
  @ApiResponse({ status: 201, description: '{ eventId, pair, revision, position, recordedAt }' })
  @ApiResponse({
    status: 200,
    description: 'An idempotent retry: the first answer; a dry run: { valid, eventId, pair }',
  })
  async record(
    @Body() body: RecordActionDto,
    @Query() q: DryRunQueryDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    if (q.dryRun === 'true') {
      const [checked] = await this.commands.execute(new CheckActionsCommand([body], false));
      void res.status(HttpStatus.OK);
      return { valid: true, ...checked };
    }
    const outcome = await this.commands.execute(new RecordActionsCommand([body], false, req.principal!.name));
    void res.status(outcome.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return outcome.answers[0];
  }

  @Post('batch')
  @Requires('writer')
  @ApiOperation({ summary: 'Record up to 10,000 actions, all or nothing' })
  async recordBatch(
    @Body() body: RecordBatchDto,
    @Query() q: DryRunQueryDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    if (q.dryRun === 'true') {
      const checked = await this.commands.execute(new CheckActionsCommand(body.events, true));
      void res.status(HttpStatus.OK);
      return { valid: true, events: checked };
    }
    const outcome = await this.commands.execute(new RecordActionsCommand(body.events, true, req.principal!.name));
    void res.status(outcome.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return { events: outcome.answers };
  }
}
