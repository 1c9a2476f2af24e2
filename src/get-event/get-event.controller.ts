import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../http/uuid-param';
import { GetEventQuery } from './get-event.query';

@ApiTags('events')
@Controller('v1/events')
export class GetEventController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':eventId')
  @ApiOperation({ summary: 'One event as posted, with its place in the log and what amended it' })
  get(@Param('eventId', uuidParam) eventId: string) {
    return this.queries.execute(new GetEventQuery(eventId));
  }
}
