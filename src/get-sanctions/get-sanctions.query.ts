import { Query } from '@nestjs/cqrs';
import { Static, Type } from '@sinclair/typebox';
import { Nullable } from '../domain/areas/area';
import { sanctions } from '../domain/areas/sanctions';
import { GetSanctionsQueryDto } from './get-sanctions.dto';

/** The answer of GET /v1/sanctions: the question's times as resolved, a page of packages, and the next. */
export const SanctionsAnswerSchema = Type.Object({
  asOf: Type.String(),
  knownAt: Type.String(),
  packages: sanctions.schema,
  next: Nullable(Type.Integer({ description: 'The `after` of the next page; null on the last' })),
});
export type SanctionsAnswer = Static<typeof SanctionsAnswerSchema>;

export class GetSanctionsQuery extends Query<SanctionsAnswer> {
  constructor(readonly q: GetSanctionsQueryDto) {
    super();
  }
}
