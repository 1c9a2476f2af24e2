import { Query } from '@nestjs/cqrs';
import { Static, Type } from '@sinclair/typebox';

/** The answer of GET /v1/organisations/{org}/members. */
export const MembersSchema = Type.Object({
  organisation: Type.String(),
  asOf: Type.String(),
  knownAt: Type.String(),
  members: Type.Array(
    Type.Object({
      code: Type.String({ description: 'The member state' }),
      since: Type.String({ description: 'When its membership began (its last MembershipJoined)' }),
    }),
  ),
});

export type Members = Static<typeof MembersSchema>;

export class ListMembersQuery extends Query<Members> {
  constructor(
    readonly organisation: string,
    readonly asOf: string | undefined,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}
