import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decode, RecordedEvent } from '../domain/events';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { eventView } from '../ledger/event-view';
import { RelationReader } from '../projections/relation-reader';
import { ReadLogQuery } from './read-log.query';

@QueryHandler(ReadLogQuery)
export class ReadLogHandler implements IQueryHandler<ReadLogQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: RelationReader,
  ) {}

  async execute({ after, limit, source }: ReadLogQuery) {
    // One more than asked tells whether a next page exists.
    if (source) return this.page(this.reader.fromSource(source, after, limit + 1), limit, (e) => e);
    return this.page(await this.store.readAll(after, limit + 1), limit, decode);
  }

  /** A page in the API's shape; an event the ledger cannot read (a foreign one) is left out, not refused. */
  private page<E extends { position: number }>(page: E[], limit: number, read: (e: E) => RecordedEvent | undefined) {
    const events = page.slice(0, limit).flatMap((stored) => {
      const e = read(stored);
      return e ? [eventView(e, this.reader.action(e.position))] : [];
    });
    return { events, next: page.length > limit ? page[limit - 1].position : null };
  }
}
