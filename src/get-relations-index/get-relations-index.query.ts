import { Query } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import type { RelationsIndexAnswer } from './get-relations-index.handler';

export class GetRelationsIndexQuery extends Query<RelationsIndexAnswer> {
  constructor(
    readonly pair: Pair,
    readonly from: string | undefined,
    readonly to: string | undefined,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}
