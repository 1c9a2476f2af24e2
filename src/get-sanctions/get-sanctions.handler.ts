import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toIso } from '../domain/time';
import { RelationReader } from '../projections/relation-reader';
import { SanctionsReader } from '../projections/sanctions-reader';
import { GetSanctionsQuery, SanctionsAnswer } from './get-sanctions.query';
import { packageFilter } from './sanctions-filter.dto';

/** Packages across pairs, on `asOf` as known at `knownAt`, from the sanctions read model. */
@QueryHandler(GetSanctionsQuery)
export class GetSanctionsHandler implements IQueryHandler<GetSanctionsQuery> {
  constructor(
    private readonly relations: RelationReader,
    private readonly sanctions: SanctionsReader,
  ) {}

  execute({ q }: GetSanctionsQuery): Promise<SanctionsAnswer> {
    const times = this.relations.resolveTimes(q.asOf, q.knownAt);
    const { found, next } = this.sanctions.packages(packageFilter(q, times), q.after ?? 0, q.limit ?? 100);
    return Promise.resolve({
      asOf: toIso(times.asOf),
      knownAt: toIso(times.knownAt),
      packages: found.map((f) => f.package),
      next,
    });
  }
}
