import { isAction, RecordedAction, RecordedEvent } from '../events';
import { parseInstant } from '../time';
import { Action } from './relation-state';
import { byValidTime } from './evolve';

/** What the ledger knew of one action at some transaction time. */
export interface KnownAction extends Action {
  recordedAt: number;
  retractedBy?: string;
  correctedBy: string[];
}

export function toAction(e: RecordedAction): KnownAction {
  return {
    eventId: e.eventId,
    type: e.type,
    actor: e.data.actor,
    target: e.data.target,
    occurredAt: e.data.occurredAt,
    at: parseInstant('occurredAt', e.data.occurredAt, 'start-of-day'),
    position: e.position,
    details: e.data.details,
    recordedAt: e.recordedAt,
    correctedBy: [],
  };
}

/** One retraction or correction applied to what was known of its action. */
export function amend(action: KnownAction, e: Exclude<RecordedEvent, RecordedAction>): KnownAction {
  if (e.type === 'ActionRetracted') return { ...action, retractedBy: e.eventId };
  const { occurredAt, details } = e.data;
  return {
    ...action,
    ...(occurredAt !== undefined && { occurredAt, at: parseInstant('occurredAt', occurredAt, 'start-of-day') }),
    ...(details !== undefined && { details: details }),
    correctedBy: [...action.correctedBy, e.eventId],
  };
}

/**
 * Replays a pair's events in log order up to `knownAt` (transaction time) and
 * returns every action as then known: corrections applied, retractions marked.
 * Events must come in log order; recordedAt never decreases along the log.
 */
export function knowledgeAt(events: Iterable<RecordedEvent>, knownAt = Infinity): Map<string, KnownAction> {
  const known = new Map<string, KnownAction>();
  for (const e of events) {
    if (e.recordedAt > knownAt) break;
    if (isAction(e)) {
      known.set(e.eventId, toAction(e));
      continue;
    }
    const targetId = e.type === 'ActionRetracted' ? e.data.retracts : e.data.corrects;
    const target = known.get(targetId);
    if (target) known.set(targetId, amend(target, e));
  }
  return known;
}

/** The actions that count at `knownAt`: not retracted, in valid-time order. */
export const effectiveActions = (known: Map<string, KnownAction>): KnownAction[] =>
  [...known.values()].filter((a) => !a.retractedBy).sort(byValidTime);
