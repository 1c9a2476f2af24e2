import { Query } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import type { Timeline } from './get-timeline.handler';

export class GetTimelineQuery extends Query<Timeline> {
  constructor(
    readonly pair: Pair,
    readonly from: string | undefined,
    readonly to: string | undefined,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}
