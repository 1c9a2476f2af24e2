import { isAction, RecordedAction, RecordedAmendment, RecordedEvent } from '../events';
import { parseInstant } from '../time';
import { byValidTime } from './evolve';
import { Action } from './relation-state';

/** What the ledger knew of one action at some transaction time. */
export type KnownAction = Action & {
  recordedAt: number;
  retractedBy?: string;
  correctedBy: string[];
};

export function toAction(e: RecordedAction): KnownAction {
  const { actor, target, occurredAt, details } = e.data;
  const at = parseInstant('occurredAt', occurredAt, 'start-of-day');
  const { eventId, type, position, recordedAt } = e;
  // The details were validated against the type when recorded.
  return {
    eventId,
    type,
    actor,
    target,
    occurredAt,
    at,
    position,
    details,
    recordedAt,
    correctedBy: [],
  } as KnownAction;
}

/** The id of the action an amendment is about. */
export const amended = (e: RecordedAmendment) => (e.type === 'ActionRetracted' ? e.data.retracts : e.data.corrects);

/** One retraction or correction applied to what was known of its action. */
export function amend(action: KnownAction, e: RecordedAmendment): KnownAction {
  if (e.type === 'ActionRetracted') return { ...action, retractedBy: e.eventId };
  const { occurredAt, details } = e.data;
  return {
    ...action,
    ...(occurredAt !== undefined && { occurredAt, at: parseInstant('occurredAt', occurredAt, 'start-of-day') }),
    ...(details !== undefined && { details }),
    correctedBy: [...action.correctedBy, e.eventId],
  } as KnownAction;
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
    const target = known.get(amended(e));
    if (target) known.set(target.eventId, amend(target, e));
  }
  return known;
}

/** The actions that count at `knownAt`: not retracted, in valid-time order. */
export const effectiveActions = (known: Map<string, KnownAction>): KnownAction[] =>
  [...known.values()].filter((a) => !a.retractedBy).sort(byValidTime);
