import { Query } from '@nestjs/cqrs';
import { sourceOf } from '../domain/events';
import { eventView } from '../ledger/event-view';

/** A page of the global log after a position (exclusive). */
export class ReadLogQuery extends Query<{ events: ReturnType<typeof eventView>[]; next: number | null }> {
  constructor(
    readonly after: number,
    readonly limit: number,
    /** Only the actions imported from this dataset, or this file of it. */
    readonly source?: ReturnType<typeof sourceOf>,
  ) {
    super();
  }
}
