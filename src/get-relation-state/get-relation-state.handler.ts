import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { viewState } from '../domain/state/view';
import { toIso } from '../domain/time';
import { MembershipsAt } from '../projections/memberships';
import { RelationReader } from '../projections/relation-reader';
import { GetRelationStateQuery, RelationStateAnswer } from './get-relation-state.query';

@QueryHandler(GetRelationStateQuery)
export class GetRelationStateHandler implements IQueryHandler<GetRelationStateQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetRelationStateQuery): Promise<RelationStateAnswer> {
    const { asOf, knownAt } = this.reader.resolveTimes(q.asOf, q.knownAt);
    const { state, revision } = this.reader.stateAt(q.pair, asOf, knownAt, q.include.includes('lifted'));
    const opts = { include: q.include };
    const view = viewState(state, opts);
    return Promise.resolve({
      pair: q.pair,
      asOf: toIso(asOf),
      knownAt: toIso(knownAt),
      revision,
      ...(q.inherit ? new MembershipsAt(this.reader, asOf, knownAt).inherit(view, ...q.pair, opts) : view),
    });
  }
}
