import { isAction, RecordedAction, RecordedAmendment, RecordedEvent } from '../events';
import { parseOccurredAt } from '../time';
import { byValidTime } from './evolve';
import { Qualifiers } from '../qualifiers';
import { Action } from './relation-state';

/** What the ledger knew of one action at some transaction time: the fold's action, and what it says of itself. */
export type KnownAction = Action &
  Qualifiers & {
    recordedAt: number;
    retractedBy?: string;
    correctedBy: string[];
  };

/** The qualifiers an action's (or a correction's) data gives, and only those: most give none. */
export function qualifiersOf({ formality, announcedAt, inResponseTo, tags }: Qualifiers): Qualifiers {
  const q: Qualifiers = {};
  if (formality !== undefined) q.formality = formality;
  if (announcedAt !== undefined) q.announcedAt = announcedAt;
  if (inResponseTo !== undefined) q.inResponseTo = inResponseTo;
  if (tags !== undefined) q.tags = tags;
  return q;
}

export function toAction(e: RecordedAction): KnownAction {
  const { actor, target, occurredAt, details } = e.data;
  const at = parseOccurredAt(occurredAt);
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
    ...qualifiersOf(e.data),
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
    ...(occurredAt !== undefined && { occurredAt, at: parseOccurredAt(occurredAt) }),
    ...(details !== undefined && { details }),
    ...qualifiersOf(e.data),
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
