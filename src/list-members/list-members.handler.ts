import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toIso } from '../domain/time';
import { MembershipsAt } from '../projections/memberships';
import { RelationReader } from '../projections/relation-reader';
import { ListMembersQuery } from './list-members.query';

export interface Members {
  organisation: string;
  asOf: string;
  knownAt: string;
  members: { code: string; since: string }[];
}

/** Who was a member of an organisation on `asOf`, as known at `knownAt` (MembershipJoined, MembershipLeft). */
@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: ListMembersQuery): Promise<Members> {
    const { asOf, knownAt } = this.reader.resolveTimes(q.asOf, q.knownAt);
    return Promise.resolve({
      organisation: q.organisation,
      asOf: toIso(asOf),
      knownAt: toIso(knownAt),
      members: new MembershipsAt(this.reader, asOf, knownAt).members(q.organisation),
    });
  }
}
