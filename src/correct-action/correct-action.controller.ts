import { Body, Controller, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthedRequest, Requires } from '../http/access';
import { uuidParam } from '../http/uuid-param';
import { CorrectActionCommand } from './correct-action.command';
import { CorrectActionDto } from './correct-action.dto';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class CorrectActionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':eventId/correction')
  @Requires('writer')
  @ApiOperation({ summary: "Correct an action's occurredAt or details; answers as known before stay reproducible" })
  async correct(
    @Param('eventId', uuidParam) eventId: string,
    @Body() body: CorrectActionDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const outcome = await this.commands.execute(new CorrectActionCommand(eventId, body, req.principal!.name));
    void res.status(outcome.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return outcome.answers[0];
  }
}
