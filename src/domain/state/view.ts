import { RelationState } from './relation-state';

/** The state as the HTTP contract lists it: arrays, lifted packages (after those in force) only on request. */
export function viewState(s: RelationState, opts: { includeLifted?: boolean } = {}) {
  const sanctions = [...Object.values(s.sanctions), ...(opts.includeLifted ? s.lifted : [])];
  return {
    diplomaticRelations: s.diplomaticRelations,
    ambassadors: Object.values(s.ambassadors),
    sanctions,
    talks: Object.values(s.talks),
    visaRegimes: Object.values(s.visaRegimes),
    cooperation: Object.values(s.cooperation),
    incidents: s.incidents,
    index: {
      score: round(s.index.score),
      actions: s.index.actions,
      average: s.index.actions ? round(s.index.score / s.index.actions) : null,
    },
    eventCount: s.eventCount,
    lastEventAt: s.lastEventAt,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

export type StateView = ReturnType<typeof viewState>;
