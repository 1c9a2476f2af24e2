import { Query } from '@nestjs/cqrs';
import { Static, Type } from '@sinclair/typebox';
import { StateSchema } from '../domain/state/view';

const { diplomaticRelations, sanctions, talks, visaRegimes, ambassadors, index, eventCount } = StateSchema.properties;

/** The answer of GET /v1/countries/{c}/relations: one row per counterpart, each the pair's state in brief. */
export const CountryRelationsSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  asOf: Type.String(),
  knownAt: Type.String(),
  counterparts: Type.Array(
    Type.Object({
      counterpart: Type.String(),
      name: Type.Optional(Type.String()),
      diplomaticRelations: diplomaticRelations.properties.status,
      sanctionsImposed: Type.Array(sanctions.items, {
        description: 'Packages in force imposed by the party, or (with inherit) by an organisation of its, via it',
      }),
      sanctionsReceived: Type.Array(sanctions.items, { description: 'Packages in force imposed by the counterpart' }),
      talks,
      visaRegimes,
      ambassadors,
      index,
      eventCount,
    }),
  ),
});

export type CountryRelations = Static<typeof CountryRelationsSchema>;

export class GetCountryRelationsQuery extends Query<CountryRelations> {
  constructor(
    readonly code: string,
    readonly asOf: string | undefined,
    readonly knownAt: string | undefined,
    /** Add the counterparts of the party's organisations, and what those had in force on each (`via`). */
    readonly inherit = false,
  ) {
    super();
  }
}
