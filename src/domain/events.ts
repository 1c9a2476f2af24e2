import { ActionType } from './catalogue/catalogue';

/** A source backing an action: the article or statement it was taken from. */
export interface Source {
  url: string;
  publisher?: string;
  publishedAt?: string;
}

/** The data of a diplomatic action as recorded (the body as posted, less its envelope). */
export interface ActionData {
  actor: string;
  target: string;
  /** Valid time, as posted: `YYYY-MM-DD` or an ISO timestamp. */
  occurredAt: string;
  details: Record<string, unknown>;
  summary?: string;
  sources?: Source[];
}

export interface RetractionData {
  retracts: string;
  reason: string;
}

export interface CorrectionData {
  corrects: string;
  occurredAt?: string;
  details?: Record<string, unknown>;
  reason: string;
}

export type AmendmentType = 'ActionRetracted' | 'ActionCorrected';
export const AMENDMENT_TYPES: readonly AmendmentType[] = ['ActionRetracted', 'ActionCorrected'];

/** What the decider emits: the ledger's events before the store gives them a place in the log. */
export type LedgerEvent =
  | { type: ActionType; eventId: string; data: ActionData }
  | { type: 'ActionRetracted'; eventId: string; data: RetractionData }
  | { type: 'ActionCorrected'; eventId: string; data: CorrectionData };

/** Who recorded an event; kept in the event's metadata. */
export interface EventMetadata {
  recordedBy?: string;
}

/** A ledger event with its place in the log, as read back from any store. */
export type RecordedEvent = LedgerEvent & {
  stream: string;
  /** 0-based index in the pair's stream. */
  revision: number;
  /** Global log position, from 1. */
  position: number;
  /** Transaction time, epoch milliseconds, assigned by the store. */
  recordedAt: number;
  metadata: EventMetadata;
};

export type RecordedAction = Extract<RecordedEvent, { type: ActionType }>;

export const isAction = <E extends LedgerEvent>(e: E): e is Extract<E, { type: ActionType }> =>
  e.type !== 'ActionRetracted' && e.type !== 'ActionCorrected';
