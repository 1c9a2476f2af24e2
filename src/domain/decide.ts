import stringify from 'safe-stable-stringify';
import { ActionType } from './catalogue/catalogue';
import { validateDetails } from './catalogue/validate-details';
import { conflict, invalid, notFound, unprocessable } from './errors';
import { ActionData, CorrectionData, LedgerEvent } from './events';
import { KnownAction } from './state/knowledge';
import { parseInstant } from './time';

export interface RecordAction {
  kind: 'RecordAction';
  eventId: string;
  type: ActionType;
  data: ActionData;
}

export interface RetractAction {
  kind: 'RetractAction';
  eventId: string;
  retracts: string;
  reason: string;
}

export interface CorrectAction {
  kind: 'CorrectAction';
  eventId: string;
  corrects: string;
  occurredAt?: string;
  details?: Record<string, unknown>;
  reason: string;
}

export type Command = RecordAction | RetractAction | CorrectAction;

/**
 * What a command's decision depends on, read from the pair's stream by the handler:
 * the action it names (to retract or correct) and the sanctions package a lift refers to.
 * `target` is null when the id names no action; 'amendment' when it names a retraction or correction.
 */
export interface DecisionContext {
  target?: KnownAction | null | 'amendment';
  referenced?: KnownAction | null;
}

/** Names a field in a batch (`events[3].`) or at the top level (''). */
export type FieldPath = string;

function checkReference(
  details: Record<string, unknown>,
  actor: string,
  target: string,
  ctx: DecisionContext,
  path: FieldPath,
) {
  const id = details.sanctionsId;
  if (typeof id !== 'string') return;
  const pkg = ctx.referenced;
  if (!pkg || pkg.type !== 'SanctionsImposed' || pkg.actor !== actor || pkg.target !== target) {
    throw unprocessable(`${path}details.sanctionsId ${id} is not a SanctionsImposed of ${actor} on ${target}`);
  }
  if (pkg.retractedBy) throw unprocessable(`${path}details.sanctionsId ${id} was retracted by ${pkg.retractedBy}`);
}

function decideRecord(c: RecordAction, ctx: DecisionContext, path: FieldPath): LedgerEvent[] {
  const { actor, target } = c.data;
  if (actor === target) throw invalid(`${path}target must differ from actor (both ${actor})`);
  parseInstant(`${path}occurredAt`, c.data.occurredAt, 'start-of-day');
  const details = validateDetails(c.type, c.data.details, `${path}details`);
  checkReference(details, actor, target, ctx, path);
  return [draft(c)];
}

function targetOf(ctx: DecisionContext, id: string): KnownAction {
  if (ctx.target === 'amendment') {
    throw unprocessable(`${id} is a retraction or correction: retract or correct the action it amends`);
  }
  if (!ctx.target) throw notFound(`no action with eventId ${id}`);
  if (ctx.target.retractedBy) throw conflict(`action ${id} was already retracted by ${ctx.target.retractedBy}`);
  return ctx.target;
}

function decideCorrect(c: CorrectAction, ctx: DecisionContext): LedgerEvent[] {
  if (c.occurredAt === undefined && c.details === undefined) {
    throw invalid('a correction must give occurredAt, details, or both');
  }
  const action = targetOf(ctx, c.corrects);
  if (c.occurredAt !== undefined) parseInstant('occurredAt', c.occurredAt, 'start-of-day');
  if (c.details !== undefined) {
    checkReference(validateDetails(action.type, c.details), action.actor, action.target, ctx, '');
  }
  return [draft(c)];
}

/** The event a command would record, before any check: what an idempotent retry is compared on. */
export function draft(c: Command): LedgerEvent {
  switch (c.kind) {
    case 'RecordAction':
      return { type: c.type, eventId: c.eventId, data: { ...c.data, details: c.data.details ?? {} } };
    case 'RetractAction':
      return { type: 'ActionRetracted', eventId: c.eventId, data: { retracts: c.retracts, reason: c.reason } };
    case 'CorrectAction': {
      const data = { corrects: c.corrects, reason: c.reason, occurredAt: c.occurredAt, details: c.details };
      return { type: 'ActionCorrected', eventId: c.eventId, data: JSON.parse(JSON.stringify(data)) as CorrectionData };
    }
  }
}

/** decide(command, context): the events a command records, or a DomainError. Pure. */
export function decide(command: Command, ctx: DecisionContext, path: FieldPath = ''): LedgerEvent[] {
  switch (command.kind) {
    case 'RecordAction':
      return decideRecord(command, ctx, path);
    case 'RetractAction':
      targetOf(ctx, command.retracts);
      return [draft(command)];
    case 'CorrectAction':
      return decideCorrect(command, ctx);
    default: {
      const never: never = command;
      throw new Error(`unhandled command ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Idempotency: a command retried with the same eventId is the same request when it
 * would record the same event. Compared on canonical JSON, so key order does not matter.
 */
export function isRetryOf(existing: Pick<LedgerEvent, 'type' | 'data'>, command: Command): boolean {
  const again = draft(command);
  return existing.type === again.type && stringify(existing.data) === stringify(again.data);
}
