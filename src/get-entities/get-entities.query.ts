import { Query } from '@nestjs/cqrs';
import { Static, Type } from '@sinclair/typebox';
import { Nullable } from '../domain/areas/area';
import { GetEntitiesQueryDto } from './get-entities.dto';

const Entity = Type.Object({
  key: Type.String({ description: 'opensanctions:<id>, wikidata:<id> or name:<name in lower case>' }),
  name: Type.String(),
  ids: Type.Optional(
    Type.Object({ opensanctions: Type.Optional(Type.String()), wikidata: Type.Optional(Type.String()) }),
  ),
  packages: Type.Array(
    Type.Object({
      id: Type.String(),
      imposedBy: Type.String(),
      target: Type.String(),
      status: Type.String(),
      program: Type.Optional(Type.String()),
      measureIds: Type.Array(Type.String(), { description: 'The measures of the package that name it' }),
    }),
  ),
});

/** The answer of GET /v1/entities: entities by key, each with the packages that name them. */
export const EntitiesAnswerSchema = Type.Object({
  asOf: Type.String(),
  knownAt: Type.String(),
  entities: Type.Array(Entity),
  next: Nullable(Type.String({ description: 'The `after` of the next page; null on the last' })),
});
export type EntitiesAnswer = Static<typeof EntitiesAnswerSchema>;

export class GetEntitiesQuery extends Query<EntitiesAnswer> {
  constructor(readonly q: GetEntitiesQueryDto) {
    super();
  }
}
