import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import { toIso, validWindow } from '../domain/time';
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
    const { from, to } = validWindow(q.from, q.to);
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
