import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { invalid } from '../domain/errors';
import { diffStates } from '../domain/state/diff';
import { parseInstant, toIso } from '../domain/time';
import { RelationReader } from '../projections/relation-reader';
import { ChangesAnswer, GetChangesQuery } from './get-changes.query';

/** What differs between the pair's state on `from` and on `to`, both as known at `knownAt`. */
@QueryHandler(GetChangesQuery)
export class GetChangesHandler implements IQueryHandler<GetChangesQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetChangesQuery): Promise<ChangesAnswer> {
    const from = parseInstant('from', q.from, 'end-of-day');
    const to = parseInstant('to', q.to, 'end-of-day');
    if (from > to) throw invalid('from must not be after to');
    const { knownAt } = this.reader.resolveTimes(undefined, q.knownAt);
    // With lifted packages: one lifted in between shows as its lifted form, not as gone.
    const before = this.reader.stateAt(q.pair, from, knownAt, true).state;
    const after = this.reader.stateAt(q.pair, to, knownAt, true).state;
    return Promise.resolve({
      pair: q.pair,
      from: toIso(from),
      to: toIso(to),
      knownAt: toIso(knownAt),
      changes: diffStates(before, after),
    });
  }
}
