import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toIso } from '../domain/time';
import { packageFilter } from '../get-sanctions/sanctions-filter.dto';
import { RelationReader } from '../projections/relation-reader';
import { SanctionsReader } from '../projections/sanctions-reader';
import { EntitiesAnswer, GetEntitiesQuery } from './get-entities.query';

/** Entities the packages matching the filter name, with those packages, from the sanctions read model. */
@QueryHandler(GetEntitiesQuery)
export class GetEntitiesHandler implements IQueryHandler<GetEntitiesQuery> {
  constructor(
    private readonly relations: RelationReader,
    private readonly sanctions: SanctionsReader,
  ) {}

  execute({ q }: GetEntitiesQuery): Promise<EntitiesAnswer> {
    const times = this.relations.resolveTimes(q.asOf, q.knownAt);
    const filter = packageFilter(q, times);
    const { entities, next } = this.sanctions.entities(filter, q.q ?? '', q.after ?? '', q.limit ?? 100);
    return Promise.resolve({ asOf: toIso(times.asOf), knownAt: toIso(times.knownAt), entities, next });
  }
}
