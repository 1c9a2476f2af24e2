import stringify from 'safe-stable-stringify';
import { checkPackageChange } from './areas/sanctions-decide';
import { withIdsOnMeasures } from './areas/sanctions-details';
import { ActionType, CATALOGUE } from './catalogue/catalogue';
import { isOrganisation, ORGANISATIONS } from './codes';
import { validateDetails } from './catalogue/validate-details';
import { about, conflict, invalid, notFound, unprocessable } from './errors';
import { ActionData, CorrectionData, isAction, LedgerEvent, Place } from './events';
import { pairOf, streamOf } from './pair';
import { amend, amended, KnownAction, toAction } from './state/knowledge';
import { checkPrecision, checkResponses, PostedQualifiers, Responded, storedQualifiers } from './qualifiers';
import { parseOccurredAt } from './time';

export interface RecordAction {
  kind: 'RecordAction';
  eventId: string;
  type: ActionType;
  data: ActionData & PostedQualifiers;
}

export interface RetractAction {
  kind: 'RetractAction';
  eventId: string;
  retracts: string;
  reason: string;
}

export interface CorrectAction extends PostedQualifiers {
  kind: 'CorrectAction';
  eventId: string;
  corrects: string;
  occurredAt?: string;
  details?: Record<string, unknown>;
  reason: string;
}

export type Command = RecordAction | RetractAction | CorrectAction;

/**
 * The decider's state: what the ledger knows, now, of the events that commands name (the action a
 * retraction or correction is about, the package a lifecycle action refers to): the fold of their streams
 * from those events on. Only `wanted` ids, and the actions that name a wanted package (its amendments,
 * whose measure ids a lift may name), are kept, so a batch's knowledge stays as small as what it names.
 */
export interface Knowledge {
  readonly wanted: ReadonlySet<string>;
  /** Each wanted action, and each action naming a wanted package, as now known: corrections applied, retraction marked. */
  readonly actions: ReadonlyMap<string, KnownAction>;
  /** The wanted ids that name a retraction or a correction rather than an action. */
  readonly amendments: ReadonlySet<string>;
}

/** What a decision records, and in which stream (its pair's). */
export interface Decision {
  stream: string;
  events: LedgerEvent[];
}

/** The package an action's details name. */
const reference = (details: Record<string, unknown> | undefined): string[] =>
  typeof details?.sanctionsId === 'string' ? [details.sanctionsId] : [];

/**
 * The ids a command's decision holds to: events of its own pair (the package named, the action amended), whose
 * stream must not change between the decision and its append (the writer appends at the revision it read).
 */
export function holdsTo(c: Command): string[] {
  switch (c.kind) {
    case 'RecordAction':
      return reference(c.data.details);
    case 'RetractAction':
      return [c.retracts];
    case 'CorrectAction':
      return [c.corrects, ...reference(c.details)];
  }
}

/**
 * The ids of the events a command's decision depends on: what the writer reads before deciding. Beside those it
 * holds to, the actions it answers (any pair's): checked as they are when it is recorded, not held.
 */
export const dependsOn = (c: Command): string[] => [
  ...holdsTo(c),
  ...((c.kind === 'RecordAction' ? c.data.inResponseTo : c.kind === 'CorrectAction' ? c.inResponseTo : []) ?? []),
];

export const knowing = (wanted: Iterable<string>): Knowledge => ({
  wanted: new Set(wanted),
  actions: new Map(),
  amendments: new Set(),
});

/**
 * evolve, for the decider: the knowledge after more events, in log order, read from the log or decided
 * earlier in the same batch (those have no place yet). Events about nothing wanted leave it as it was.
 */
export function learn(k: Knowledge, events: Iterable<LedgerEvent & Partial<Place>>): Knowledge {
  let actions: Map<string, KnownAction> | undefined;
  let amendments: Set<string> | undefined;
  for (const e of events) {
    const placed = { stream: '', revision: 0, position: 0, recordedAt: 0, metadata: {}, ...e };
    if (isAction(placed)) {
      const about = [placed.eventId, ...reference(placed.data.details)];
      if (about.some((id) => k.wanted.has(id))) (actions ??= new Map(k.actions)).set(e.eventId, toAction(placed));
      continue;
    }
    if (k.wanted.has(e.eventId)) (amendments ??= new Set(k.amendments)).add(e.eventId);
    const target = (actions ?? k.actions).get(amended(placed));
    if (target) (actions ??= new Map(k.actions)).set(target.eventId, amend(target, placed));
  }
  return actions || amendments ? { ...k, actions: actions ?? k.actions, amendments: amendments ?? k.amendments } : k;
}

/** A `sanctionsId` must name a package of the same actor on the same target, not retracted. */
function checkReference(details: Record<string, unknown>, actor: string, target: string, k: Knowledge) {
  const id = details.sanctionsId;
  if (typeof id !== 'string') return;
  const pkg = k.actions.get(id);
  const field = 'details.sanctionsId';
  if (!pkg || pkg.type !== 'SanctionsImposed' || pkg.actor !== actor || pkg.target !== target) {
    throw unprocessable(about(field, ` ${id} is not a SanctionsImposed of ${actor} on ${target}`));
  }
  if (pkg.retractedBy) throw unprocessable(about(field, ` ${id} was retracted by ${pkg.retractedBy}`));
}

/** What the knowledge says of an id an action answers (`inResponseTo`). */
const responded =
  (k: Knowledge) =>
  (id: string): Responded => {
    if (k.amendments.has(id)) return { kind: 'amendment' };
    const action = k.actions.get(id);
    return action ? { kind: 'action', retractedBy: action.retractedBy } : { kind: 'unknown' };
  };

/** The action a retraction or correction is about: it must be an action, known and not retracted. */
function targetOf(k: Knowledge, id: string): KnownAction {
  if (k.amendments.has(id)) {
    throw unprocessable(`${id} is a retraction or correction: retract or correct the action it amends`);
  }
  const action = k.actions.get(id);
  if (!action) throw notFound(`no action with eventId ${id}`);
  if (action.retractedBy) throw conflict(`action ${id} was already retracted by ${action.retractedBy}`);
  return action;
}

const streamOfAction = (a: { actor: string; target: string }) => streamOf(pairOf(a.actor, a.target));

/**
 * The details to record for an action of `type`, checked against its class, its rules and what they name:
 * the package (of the same actor on the same target), and the package's measures. `corrected`: the action
 * a correction replaces these details of.
 */
function decideDetails(
  type: ActionType,
  details: Record<string, unknown>,
  { actor, target, occurredAt }: { actor: string; target: string; occurredAt: string },
  k: Knowledge,
  corrected?: string,
): Record<string, unknown> {
  checkReference(validateDetails(type, details, occurredAt), actor, target, k);
  return checkPackageChange(type, withIdsOnMeasures(details), k.actions, corrected);
}

/** The kinds of party a type asks for (a state joins an organisation): each party that is not one is named. */
function checkParties(type: ActionType, parties: { actor: string; target: string }) {
  const wanted = CATALOGUE[type].parties;
  if (!wanted) return;
  const problems = (['actor', 'target'] as const)
    .filter((role) => (wanted[role] === 'organisation') !== isOrganisation(parties[role]))
    .map((role) =>
      wanted[role] === 'organisation'
        ? about(
            role,
            ` must be an organisation for ${type} (one of ${Object.keys(ORGANISATIONS).join(', ')}); got "${parties[role]}"`,
          )
        : about(role, ` must be a country for ${type}, not the organisation "${parties[role]}"`),
    );
  if (problems.length) throw invalid(problems);
}

function decideRecord(c: RecordAction, k: Knowledge): Decision {
  const { actor, target } = c.data;
  if (actor === target) throw invalid(about('target', ` must differ from actor (both ${actor})`));
  checkParties(c.type, c.data);
  parseOccurredAt(c.data.occurredAt);
  checkPrecision(c.data.datePrecision, c.data.occurredAt);
  checkResponses(c.data.inResponseTo, c.eventId, responded(k));
  const event = draft(c) as Extract<LedgerEvent, { data: ActionData }>;
  const details = decideDetails(c.type, c.data.details ?? {}, c.data, k);
  return { stream: streamOfAction(c.data), events: [{ ...event, data: { ...event.data, details } }] };
}

/** What a correction may replace. */
const CORRECTABLE = ['occurredAt', 'details', 'formality', 'announcedAt', 'inResponseTo', 'tags'] as const;

function decideCorrect(c: CorrectAction, k: Knowledge): Decision {
  if (CORRECTABLE.every((field) => c[field] === undefined)) {
    throw invalid(`a correction must give at least one of ${CORRECTABLE.join(', ')}`);
  }
  const action = targetOf(k, c.corrects);
  if (c.occurredAt !== undefined) parseOccurredAt(c.occurredAt);
  const stream = streamOfAction(action);
  const event = draft(c) as Extract<LedgerEvent, { type: 'ActionCorrected' }>;
  // Details are judged at the valid time they will have: a new date can put an expiry before the action.
  const occurredAt = c.occurredAt ?? action.occurredAt;
  checkPrecision(c.datePrecision, occurredAt);
  checkResponses(c.inResponseTo, action.eventId, responded(k));
  if (c.details === undefined) {
    validateDetails(action.type, action.details, occurredAt);
    return { stream, events: [event] };
  }
  const details = decideDetails(action.type, c.details, { ...action, occurredAt }, k, action.eventId);
  return { stream, events: [{ ...event, data: { ...event.data, details } }] };
}

/** decide(command, knowledge): what a command records and where, or a DomainError. Pure. */
export function decide(command: Command, k: Knowledge): Decision {
  switch (command.kind) {
    case 'RecordAction':
      return decideRecord(command, k);
    case 'RetractAction':
      return { stream: streamOfAction(targetOf(k, command.retracts)), events: [draft(command)] };
    case 'CorrectAction':
      return decideCorrect(command, k);
    default: {
      const never: never = command;
      throw new Error(`unhandled command ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The event a command would record, before any check: what an idempotent retry is compared on. A package's
 * measures get their ids by place (`m1`, …), which do not depend on the log.
 */
export function draft(c: Command): LedgerEvent {
  switch (c.kind) {
    case 'RecordAction':
      return {
        type: c.type,
        eventId: c.eventId,
        data: { ...storedQualifiers(c.data), details: withIdsOnMeasures(c.data.details ?? {}) },
      };
    case 'RetractAction':
      return { type: 'ActionRetracted', eventId: c.eventId, data: { retracts: c.retracts, reason: c.reason } };
    case 'CorrectAction': {
      const { kind: _kind, eventId: _id, ...fields } = storedQualifiers(c, true);
      const data = { ...fields, details: c.details && withIdsOnMeasures(c.details) };
      return { type: 'ActionCorrected', eventId: c.eventId, data: JSON.parse(JSON.stringify(data)) as CorrectionData };
    }
  }
}

/**
 * Idempotency: a command retried with the same eventId is the same request when it
 * would record the same event. Compared on canonical JSON, so key order does not matter; measures an
 * amendment added without an id are compared as the first request left them, before the decider gave
 * them the package's next ids.
 */
export function isRetryOf(existing: Pick<LedgerEvent, 'type' | 'data'>, command: Command): boolean {
  const again = draft(command);
  const unassigned = withoutAssignedIds(existing.data, again.data);
  return existing.type === again.type && stringify(unassigned) === stringify(again.data);
}

/** `existing`'s data with the ids of added measures taken out where `again` gives none. */
function withoutAssignedIds(existing: LedgerEvent['data'], again: LedgerEvent['data']): unknown {
  const add = (d: unknown) => ((d as { details?: { add?: unknown } }).details?.add ?? []) as { id?: unknown }[];
  const [before, now] = [add(existing), add(again)];
  if (!Array.isArray(before) || !Array.isArray(now) || !before.length) return existing;
  const details = (existing as { details: object }).details;
  const stripped = before.map((m, i) => (now[i]?.id === undefined && m && typeof m === 'object' ? omitId(m) : m));
  return { ...existing, details: { ...details, add: stripped } };
}

const omitId = ({ id: _, ...rest }: { id?: unknown }) => rest;
