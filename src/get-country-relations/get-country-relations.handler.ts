import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { partyName } from '../domain/codes';
import { pairOf } from '../domain/pair';
import { viewState } from '../domain/state/view';
import { toIso } from '../domain/time';
import { MembershipsAt } from '../projections/memberships';
import { RelationReader } from '../projections/relation-reader';
import { CountryRelations, GetCountryRelationsQuery } from './get-country-relations.query';

type View = ReturnType<typeof viewState>;

/** `ours`: whether a sanctions package was imposed by the party, or by an organisation it inherits from. */
function row(counterpart: string, v: View, ours: (p: View['sanctions'][number] & { via?: string }) => boolean) {
  return {
    counterpart,
    name: partyName(counterpart),
    diplomaticRelations: v.diplomaticRelations.status,
    sanctionsImposed: v.sanctions.filter(ours),
    sanctionsReceived: v.sanctions.filter((p) => !ours(p)),
    talks: v.talks,
    visaRegimes: v.visaRegimes,
    ambassadors: v.ambassadors,
    index: v.index,
    eventCount: v.eventCount,
  };
}

/**
 * One summary row per counterpart the party has any action with, on `asOf` as known at `knownAt`; with
 * `inherit`, also the counterparts of its organisations, and in each row what those had in force (`via`).
 */
@QueryHandler(GetCountryRelationsQuery)
export class GetCountryRelationsHandler implements IQueryHandler<GetCountryRelationsQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetCountryRelationsQuery): Promise<CountryRelations> {
    const { asOf, knownAt } = this.reader.resolveTimes(q.asOf, q.knownAt);
    const memberships = new MembershipsAt(this.reader, asOf, knownAt);
    const orgs = q.inherit ? memberships.organisationsOf(q.code) : [];
    const others = (party: string) => this.reader.pairsOf(party).map((p) => (p[0] === party ? p[1] : p[0]));
    const counterparts = [...new Set([...others(q.code), ...orgs.flatMap(others)])]
      .filter((other) => other !== q.code)
      .sort()
      .map((other) => {
        const view = viewState(this.reader.stateAt(pairOf(q.code, other), asOf, knownAt).state);
        const inherited = q.inherit ? memberships.inherit(view, q.code, other, {}) : view;
        return row(other, inherited, (p) => p.imposedBy === q.code || (!!p.via && orgs.includes(p.imposedBy)));
      })
      .filter(
        (r) =>
          r.eventCount > 0 ||
          [r.sanctionsImposed, r.sanctionsReceived, r.talks, r.visaRegimes, r.ambassadors].some((l) => l.length),
      );
    return Promise.resolve({
      code: q.code,
      name: partyName(q.code)!,
      asOf: toIso(asOf),
      knownAt: toIso(knownAt),
      counterparts,
    });
  }
}
