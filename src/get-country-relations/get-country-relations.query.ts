import { Query } from '@nestjs/cqrs';
import type { CountryRelations } from './get-country-relations.handler';

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
