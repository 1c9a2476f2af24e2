import { Query } from '@nestjs/cqrs';
import { Static, Type } from '@sinclair/typebox';
import { Pair } from '../domain/pair';
import { StateSchema } from '../domain/state/view';

/** The answer of GET /v1/relations/{a}/{b}: the question as resolved, then the state, area by area. */
export const RelationStateAnswerSchema = Type.Object({
  pair: Type.Array(Type.String(), { minItems: 2, maxItems: 2, description: 'The two codes, sorted' }),
  asOf: Type.String(),
  knownAt: Type.String(),
  revision: Type.Integer({ description: "The pair's stream revision as known at knownAt; -1 for none" }),
  ...StateSchema.properties,
});

export type RelationStateAnswer = Omit<Static<typeof RelationStateAnswerSchema>, 'pair'> & { pair: Pair };

export class GetRelationStateQuery extends Query<RelationStateAnswer> {
  constructor(
    readonly pair: Pair,
    readonly asOf: string | undefined,
    readonly knownAt: string | undefined,
    /** Statuses of sanctions packages not in force to list too. */
    readonly include: readonly string[],
    /** Add what the parties' organisations had in force on the other party. */
    readonly inherit = false,
  ) {
    super();
  }
}
