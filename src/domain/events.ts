import { withIdsOnMeasures } from './areas/sanctions-details';
import { ActionType, isActionType } from './catalogue/catalogue';
import { Qualifiers } from './qualifiers';

/** A source backing an action: the article or statement it was taken from. */
export interface Source {
  url: string;
  publisher?: string;
  publishedAt?: string;
}

/** The data of a diplomatic action as recorded (the body as posted, less its envelope). */
export interface ActionData extends Qualifiers {
  actor: string;
  target: string;
  /** Valid time, as posted: `YYYY-MM-DD`, an ISO timestamp, or a month `YYYY-MM` or year `YYYY`. */
  occurredAt: string;
  details: Record<string, unknown>;
  summary?: string;
  sources?: Source[];
}

export interface RetractionData {
  retracts: string;
  reason: string;
}

/** A correction: the fields it names replace the action's (`details` as a whole). */
export interface CorrectionData extends Qualifiers {
  corrects: string;
  occurredAt?: string;
  details?: Record<string, unknown>;
  reason: string;
}

/** What the decider emits: the ledger's events before the store gives them a place in the log. */
export type LedgerEvent =
  | { type: ActionType; eventId: string; data: ActionData }
  | { type: 'ActionRetracted'; eventId: string; data: RetractionData }
  | { type: 'ActionCorrected'; eventId: string; data: CorrectionData };

export type EventType = LedgerEvent['type'];

/**
 * Where an imported action came from: the dataset (`gdelt`, `icews`, `polecat`, …), the file, and the rows of it
 * (the dataset's own row ids where it has them, line numbers otherwise; several when duplicate rows were merged).
 */
export interface Provenance {
  dataset: string;
  file: string;
  rows: string[];
}

/** The most rows one provenance names: far more than any event's reports in one file. */
export const MAX_PROVENANCE_ROWS = 10_000;

const NAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,99}';

/** A dataset's name: `gdelt`, `icews`, `polecat`, `chancery`, or one of the user's. */
export const DATASET = new RegExp(`^${NAME}$`);

/** A source filter (`?source=`): a dataset (`gdelt`), or one file of it, written `dataset:file`. */
export const SOURCE = new RegExp(`^${NAME}(:.{1,500})?$`, 's');

export function sourceOf(value: string): Pick<Provenance, 'dataset'> & { file?: string } {
  const at = value.indexOf(':');
  return at < 0 ? { dataset: value } : { dataset: value.slice(0, at), file: value.slice(at + 1) };
}

/** Who recorded an event, and for an imported action where it came from; kept in the event's metadata. */
export type EventMetadata = {
  recordedBy?: string;
  provenance?: Provenance;
};

/** Where the log keeps an event. */
export interface Place {
  stream: string;
  /** 0-based index in the pair's stream. */
  revision: number;
  /** Global log position, from 1. */
  position: number;
  /** Transaction time, epoch milliseconds, assigned by the store. */
  recordedAt: number;
  metadata: EventMetadata;
}

/** A ledger event with its place in the log, as read back from any store. */
export type RecordedEvent = LedgerEvent & Place;

export type RecordedAction = Extract<RecordedEvent, { type: ActionType }>;
export type RecordedAmendment = Exclude<RecordedEvent, RecordedAction>;

export const isAction = <E extends { type: string }>(e: E): e is Extract<E, { type: ActionType }> =>
  isActionType(e.type);

/** An event as any store hands it back: its type a string, its data whatever was written. */
export type StoredForm = Omit<Place, 'metadata'> & {
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
};

const isEventType = (type: string): type is EventType =>
  isActionType(type) || type === 'ActionRetracted' || type === 'ActionCorrected';

/**
 * The data of an event in its current shape. v1: a package's measures had no ids; they get `m1`, `m2`, … by
 * place, as the decider now assigns them (in a SanctionsImposed, or a correction of one's details).
 */
function upcast(type: EventType, data: unknown): unknown {
  if (type !== 'SanctionsImposed' && type !== 'ActionCorrected') return data;
  const { details } = data as { details?: unknown };
  const current = withIdsOnMeasures(details);
  return current === details ? data : { ...(data as object), details: current };
}

/**
 * Where a stored event becomes a domain event: the one place that knows every shape the log has ever
 * held. An older shape of an event is upcast here, as it is read, never rewritten in the log. Events of
 * a type the ledger does not know (a foreign log's) are not the ledger's: undefined.
 */
export function decode(e: StoredForm): RecordedEvent | undefined {
  if (!isEventType(e.type)) return undefined;
  const { eventId, stream, revision, position, recordedAt, metadata } = e;
  const data = upcast(e.type, e.data);
  // The decider validated what it wrote; the data of each type is as its current shape declares.
  return { type: e.type, data, eventId, stream, revision, position, recordedAt, metadata } as RecordedEvent;
}
