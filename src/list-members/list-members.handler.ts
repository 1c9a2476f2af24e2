import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toIso } from '../domain/time';
import { MembershipsAt } from '../projections/memberships';
import { RelationReader } from '../projections/relation-reader';
import { ListMembersQuery, Members } from './list-members.query';

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
