import { Query } from '@nestjs/cqrs';
import { eventView } from '../ledger/event-view';

/** A page of the global log after a position (exclusive). */
export class ReadLogQuery extends Query<{ events: ReturnType<typeof eventView>[]; next: number | null }> {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}
