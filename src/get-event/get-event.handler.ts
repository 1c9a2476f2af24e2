import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../domain/errors';
import { decode } from '../domain/events';
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
    const stored = await this.store.readEvent(eventId);
    const e = stored && decode(stored);
    if (!e) throw notFound(`no event with eventId ${eventId}`);
    return eventView(e, this.reader.action(e.position));
  }
}
