import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { partyName } from '../domain/codes';
import { about, invalid } from '../domain/errors';
import { Pair } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { parseInstant, toIso } from '../domain/time';
import { eventView } from '../ledger/event-view';
import { RelationReader } from '../projections/relation-reader';
import {
  ChangesAnswer,
  CountryLearnedAnswer,
  GetChangesQuery,
  GetCountryChangesQuery,
  LearnedAnswer,
} from './get-changes.query';

/** The pair's state on `asOf` as known at `since` against as known at `knownAt`, and the events recorded between. */
function learned(reader: RelationReader, pair: Pair, asOf: number, since: number, knownAt: number) {
  // With lifted packages: one lifted in between shows as its lifted form, not as gone.
  const before = reader.stateAt(pair, asOf, since, true).state;
  const after = reader.stateAt(pair, asOf, knownAt, true).state;
  const recorded = reader.recordedBetween(pair, since, knownAt).map((e) => eventView(e));
  return { changes: diffStates(before, after), recorded };
}

/**
 * `from`/`to`: what differs between the pair's state on `from` and on `to`, both as known at `knownAt`.
 * `since`: what the ledger learned about the pair after that time (the question behind a daily digest).
 */
@QueryHandler(GetChangesQuery)
export class GetChangesHandler implements IQueryHandler<GetChangesQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute({ pair, q }: GetChangesQuery): Promise<ChangesAnswer | LearnedAnswer> {
    const times = this.reader.resolveTimes(q.asOf, q.knownAt);
    if (q.since !== undefined) {
      if (q.from !== undefined || q.to !== undefined) throw invalid('give from and to, or since, not both');
      const since = parseInstant('since', q.since, 'end-of-day');
      const { asOf, knownAt } = times;
      const answer = learned(this.reader, pair, asOf, since, knownAt);
      return Promise.resolve({ pair, since: toIso(since), knownAt: toIso(knownAt), asOf: toIso(asOf), ...answer });
    }
    if (q.asOf !== undefined) throw invalid('asOf goes with since; with from and to, the dates are the question');
    for (const field of ['from', 'to'] as const) {
      if (q[field] === undefined)
        throw invalid(about(field, ' is required: a date or an ISO timestamp (or give since)'));
    }
    const from = parseInstant('from', q.from, 'end-of-day');
    const to = parseInstant('to', q.to, 'end-of-day');
    if (from > to) throw invalid('from must not be after to');
    const { knownAt } = times;
    const before = this.reader.stateAt(pair, from, knownAt, true).state;
    const after = this.reader.stateAt(pair, to, knownAt, true).state;
    return Promise.resolve({
      pair,
      from: toIso(from),
      to: toIso(to),
      knownAt: toIso(knownAt),
      changes: diffStates(before, after),
    });
  }
}

/** What the ledger learned, since a time, about each pair of a party that was recorded in since. */
@QueryHandler(GetCountryChangesQuery)
export class GetCountryChangesHandler implements IQueryHandler<GetCountryChangesQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetCountryChangesQuery): Promise<CountryLearnedAnswer> {
    const { asOf, knownAt } = this.reader.resolveTimes(q.asOf, q.knownAt);
    const since = parseInstant('since', q.since, 'end-of-day');
    const counterparts = this.reader.pairsOf(q.code).flatMap((pair) => {
      const answer = learned(this.reader, pair, asOf, since, knownAt);
      if (!answer.recorded.length) return [];
      const counterpart = pair[0] === q.code ? pair[1] : pair[0];
      return [{ counterpart, name: partyName(counterpart)!, ...answer }];
    });
    return Promise.resolve({
      code: q.code,
      since: toIso(since),
      knownAt: toIso(knownAt),
      asOf: toIso(asOf),
      counterparts,
    });
  }
}
