import { Query } from '@nestjs/cqrs';
import type { Members } from './list-members.handler';

export class ListMembersQuery extends Query<Members> {
  constructor(
    readonly organisation: string,
    readonly asOf: string | undefined,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}
