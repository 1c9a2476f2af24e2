import { Body, Controller, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthedRequest, Requires } from '../http/access';
import { uuidParam } from '../http/uuid-param';
import { RetractActionCommand } from './retract-action.command';
import { RetractActionDto } from './retract-action.dto';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class RetractActionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':eventId/retraction')
  @Requires('writer')
  @ApiOperation({ summary: 'Retract an action: it no longer counts from now on, and the record keeps it' })
  async retract(
    @Param('eventId', uuidParam) eventId: string,
    @Body() body: RetractActionDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const outcome = await this.commands.execute(new RetractActionCommand(eventId, body, req.principal!.name));
    void res.status(outcome.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return outcome.answers[0];
  }
}
