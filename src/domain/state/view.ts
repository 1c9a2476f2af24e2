import { Static, TArray, Type } from '@sinclair/typebox';
import { Nullable, ViewOptions } from '../areas/area';
import { AREA_LIST, AreaName, Areas } from '../areas/areas';
import { INHERITED } from './inherit';
import { RelationState } from './relation-state';
import { standingOf } from './standing';

/** What an entry a party takes on from an organisation (inherit=true) says of where it comes from. */
const Via = Type.Object({
  via: Type.Optional(
    Type.String({ description: 'With inherit=true, the organisation of a party that has this in force on the other' }),
  ),
});

const areaSchemas = Object.fromEntries(
  AREA_LIST.map(([name, area]) => [
    name,
    (INHERITED as readonly string[]).includes(name)
      ? Type.Array(Type.Composite([(area.schema as TArray).items, Via]))
      : area.schema,
  ]),
) as { [A in AreaName]: Areas[A]['schema'] };

/** The JSON schema of a state as the HTTP contract shows it: each area's, then the index and counts. */
export const StateSchema = Type.Object({
  ...areaSchemas,
  index: Type.Object({
    score: Type.Number({ description: 'The Goldstein scores of the actions folded, summed' }),
    actions: Type.Integer(),
    average: Nullable(Type.Number()),
    standing: Type.Number({
      description:
        'What is in force on asOf, weighed (GET /v1/event-types: index.standing): a break and its repair net to 0',
    }),
  }),
  eventCount: Type.Integer({ description: 'Actions folded' }),
  lastEventAt: Nullable(Type.String({ description: 'The latest occurredAt folded' })),
});

export type StateView = Static<typeof StateSchema>;

/** The state as the HTTP contract lists it: each area as its view, lifted packages only on request. */
export function viewState(s: RelationState, opts: ViewOptions = {}): StateView {
  const areas = Object.fromEntries(AREA_LIST.map(([name, area]) => [name, area.view(s[name], opts)]));
  return {
    ...(areas as { [A in AreaName]: Static<Areas[A]['schema']> }),
    index: {
      score: round(s.index.score),
      actions: s.index.actions,
      average: s.index.actions ? round(s.index.score / s.index.actions) : null,
      standing: round(standingOf(s)),
    },
    eventCount: s.eventCount,
    lastEventAt: s.lastEventAt,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
