import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { invalid } from '../domain/errors';
import { Pair } from '../domain/pair';
import { optionalInstant, parseInstant, toIso } from '../domain/time';
import { RelationReader } from '../projections/relation-reader';
import { GetRelationsIndexQuery } from './get-relations-index.query';
import { RelationsIndex, relationsIndex } from './relations-index';

export type RelationsIndexAnswer = RelationsIndex & {
  pair: Pair;
  knownAt: string;
  from: string | null;
  to: string | null;
  period: 'month';
};

/** The relations index of a pair per month and at each action, from its timeline as known at `knownAt`. */
@QueryHandler(GetRelationsIndexQuery)
export class GetRelationsIndexHandler implements IQueryHandler<GetRelationsIndexQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetRelationsIndexQuery): Promise<RelationsIndexAnswer> {
    const { knownAt } = this.reader.resolveTimes(undefined, q.knownAt);
    const from = q.from === undefined || q.from === '' ? -Infinity : parseInstant('from', q.from, 'start-of-day');
    const to = optionalInstant('to', q.to, Infinity);
    if (from > to) throw invalid(`from (${q.from}) must not be after to (${q.to})`);
    const index = relationsIndex(this.reader.pairEvents(q.pair, knownAt), knownAt, from, to);
    const iso = (ms: number) => (Number.isFinite(ms) ? toIso(ms) : null);
    return Promise.resolve({
      pair: q.pair,
      knownAt: toIso(knownAt),
      from: iso(from),
      to: iso(to),
      period: 'month',
      ...index,
    });
  }
}
