import { Query } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import { Change } from '../domain/state/diff';

export interface ChangesAnswer {
  pair: Pair;
  from: string;
  to: string;
  knownAt: string;
  changes: Change[];
}

export class GetChangesQuery extends Query<ChangesAnswer> {
  constructor(
    readonly pair: Pair,
    readonly from: string,
    readonly to: string,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}
