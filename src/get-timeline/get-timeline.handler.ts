import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isAction } from '../domain/events';
import { Pair } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { steps } from '../domain/state/steps';
import { toIso, validWindow } from '../domain/time';
import { eventView } from '../ledger/event-view';
import { RelationReader } from '../projections/relation-reader';
import { GetTimelineQuery } from './get-timeline.query';

export interface Timeline {
  pair: Pair;
  knownAt: string;
  actions: (ReturnType<typeof eventView> & { retracted: boolean; effect: ReturnType<typeof diffStates> })[];
}

/**
 * A pair's actions in valid-time order as known at `knownAt`, each with what it changed
 * in the state (empty for a retracted action, which no longer counts).
 */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetTimelineQuery): Promise<Timeline> {
    const { knownAt } = this.reader.resolveTimes(undefined, q.knownAt);
    const { from, to } = validWindow(q.from, q.to);
    const events = this.reader.pairEvents(q.pair, knownAt);
    const originals = new Map(events.filter(isAction).map((e) => [e.eventId, e]));
    const actions: Timeline['actions'] = [];
    for (const { action: a, before, after } of steps(events, knownAt)) {
      if (a.at < from || a.at > to) continue;
      const original = originals.get(a.eventId)!;
      // As known at knownAt: corrected fields shown, the original kept in the log.
      const view = eventView(
        { ...original, data: { ...original.data, occurredAt: a.occurredAt, details: { ...a.details } } },
        a,
      );
      actions.push({ ...view, retracted: !!a.retractedBy, effect: diffStates(before, after) });
    }
    return Promise.resolve({ pair: q.pair, knownAt: toIso(knownAt), actions });
  }
}
