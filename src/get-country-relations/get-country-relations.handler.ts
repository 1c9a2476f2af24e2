import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { partyName } from '../domain/codes';
import { viewState } from '../domain/state/view';
import { toIso } from '../domain/time';
import { RelationReader } from '../projections/relation-reader';
import { GetCountryRelationsQuery } from './get-country-relations.query';

export interface CountryRelations {
  code: string;
  name: string;
  asOf: string;
  knownAt: string;
  counterparts: ReturnType<typeof row>[];
}

function row(code: string, counterpart: string, v: ReturnType<typeof viewState>) {
  return {
    counterpart,
    name: partyName(counterpart),
    diplomaticRelations: v.diplomaticRelations.status,
    sanctionsImposed: v.sanctions.filter((p) => p.imposedBy === code),
    sanctionsReceived: v.sanctions.filter((p) => p.imposedBy === counterpart),
    talks: v.talks,
    visaRegimes: v.visaRegimes,
    ambassadors: v.ambassadors,
    index: v.index,
    eventCount: v.eventCount,
  };
}

/** One summary row per counterpart the party has any action with, on `asOf` as known at `knownAt`. */
@QueryHandler(GetCountryRelationsQuery)
export class GetCountryRelationsHandler implements IQueryHandler<GetCountryRelationsQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetCountryRelationsQuery): Promise<CountryRelations> {
    const { asOf, knownAt } = this.reader.resolveTimes(q.asOf, q.knownAt);
    const counterparts = this.reader
      .pairsOf(q.code)
      .map((pair) => {
        const other = pair[0] === q.code ? pair[1] : pair[0];
        return row(q.code, other, viewState(this.reader.stateAt(pair, asOf, knownAt).state));
      })
      .filter((r) => r.eventCount > 0);
    return Promise.resolve({
      code: q.code,
      name: partyName(q.code)!,
      asOf: toIso(asOf),
      knownAt: toIso(knownAt),
      counterparts,
    });
  }
}
