import { Query } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import { StateView } from '../domain/state/view';

export type RelationStateAnswer = StateView & { pair: Pair; asOf: string; knownAt: string; revision: number };

export class GetRelationStateQuery extends Query<RelationStateAnswer> {
  constructor(
    readonly pair: Pair,
    readonly asOf: string | undefined,
    readonly knownAt: string | undefined,
    readonly includeLifted: boolean,
  ) {
    super();
  }
}
