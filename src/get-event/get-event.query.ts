import { Query } from '@nestjs/cqrs';
import { eventView } from '../ledger/event-view';

export class GetEventQuery extends Query<ReturnType<typeof eventView>> {
  constructor(readonly eventId: string) {
    super();
  }
}
