import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isAction } from '../domain/events';
import { Pair } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { steps } from '../domain/state/steps';
import { toIso, validWindow } from '../domain/time';
import { EventView, knownView } from '../ledger/event-view';
import { KnownAction } from '../domain/state/knowledge';
import { RelationReader } from '../projections/relation-reader';
import { GetTimelineQuery } from './get-timeline.query';
import { Link } from './link';

const link = (a: Partial<KnownAction> & { eventId: string }): Link => ({
  eventId: a.eventId,
  ...(a.type && { type: a.type, actor: a.actor, target: a.target, occurredAt: a.occurredAt }),
  ...(a.retractedBy && { retracted: true }),
});

export interface Timeline {
  pair: Pair;
  knownAt: string;
  actions: (EventView & {
    retracted: boolean;
    effect: ReturnType<typeof diffStates>;
    /** The actions this one answers (its inResponseTo), as known at knownAt. */
    respondsTo: Link[];
    /** The actions, of any pair, that answer this one, as known at knownAt. */
    respondedBy: Link[];
  })[];
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
      // As known at knownAt: corrected fields shown, the original kept in the log.
      actions.push({
        ...knownView(originals.get(a.eventId)!, a),
        retracted: !!a.retractedBy,
        effect: diffStates(before, after),
        respondsTo: (a.inResponseTo ?? []).map((id) => link(this.reader.actionAsKnown(id, knownAt) ?? { eventId: id })),
        respondedBy: this.reader.respondersTo(a.eventId, knownAt).map(link),
      });
    }
    return Promise.resolve({ pair: q.pair, knownAt: toIso(knownAt), actions });
  }
}
