import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../domain/errors';
import { RecordedEvent } from '../domain/events';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { eventView } from '../ledger/event-view';
import { RelationReader } from '../projections/relation-reader';
import { GetEventQuery } from './get-event.query';

@QueryHandler(GetEventQuery)
export class GetEventHandler implements IQueryHandler<GetEventQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: RelationReader,
  ) {}

  async execute({ eventId }: GetEventQuery) {
    const e = await this.store.readEvent(eventId);
    if (!e) throw notFound(`no event with eventId ${eventId}`);
    return eventView(e as unknown as RecordedEvent, this.reader.action(e.position));
  }
}
