import { Inject, Logger, NotImplementedException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, IntegrityReport } from '../event-store/event-store.port';
import { VerifyIntegrityQuery } from './verify-integrity.query';

@QueryHandler(VerifyIntegrityQuery)
export class VerifyIntegrityHandler implements IQueryHandler<VerifyIntegrityQuery> {
  private readonly log = new Logger('Integrity');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<IntegrityReport> {
    if (!this.store.verifyIntegrity) {
      throw new NotImplementedException(
        'this event store keeps no hash chain: the integrity check is for EVENT_STORE=sqlite',
      );
    }
    const report = await this.store.verifyIntegrity();
    // An operator must hear of tampering even if nobody reads the answer.
    const bad = report.firstBad;
    if (bad) this.log.error(`the hash chain breaks at position ${bad.position} (${bad.eventId}): ${bad.problem}`);
    for (const problem of report.problems) this.log.error(problem);
    return report;
  }
}
