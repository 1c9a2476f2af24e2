import { validate as uuidValidate, v5 as uuidv5 } from 'uuid';
import { QUALIFIER_FIELDS } from '../../domain/qualifiers';

/** What one input row asks the ledger to do, or why it is skipped. `line` is 1-based in the file. */
export type ImportRow =
  /** `rows`: the dataset's ids of the rows it came from (default: its line); `dataset`: their dataset, if the reader knows. */
  | { kind: 'action'; line: number; body: Record<string, unknown>; rows?: string[]; dataset?: string }
  | { kind: 'retraction'; line: number; target: string; body: { reason: unknown; eventId?: unknown } }
  | { kind: 'correction'; line: number; target: string; body: Record<string, unknown> }
  /** Not for the ledger (a CAMEO code with no catalogue type): reported, never an error. */
  | { kind: 'skip'; line: number; reason: string }
  /** Malformed: reported, and the import continues or stops as the user chose. */
  | { kind: 'invalid'; line: number; reason: string };

/** A fixed namespace, so the same row gets the same id on every import: importing twice records nothing new. */
const NAMESPACE = '6f1d4a52-6a35-4c8e-9a3b-2f7c1e0b9d41';

export const derivedId = (...parts: unknown[]) => uuidv5(JSON.stringify(parts), NAMESPACE);

/** The id an amendment names goes into its URL: anything but a UUID could lead it to another endpoint. */
const isUuid = (v: unknown): v is string => typeof v === 'string' && uuidValidate(v);

const ACTION_FIELDS: string[] = [
  ...['type', 'actor', 'target', 'occurredAt', 'details', 'summary', 'sources', 'eventId', 'provenance'],
  ...QUALIFIER_FIELDS,
];

/**
 * A JSON object as a row: an action body, or an exported event (`chancery export`), whose
 * envelope fields are dropped and whose retractions and corrections are replayed as such.
 */
export function fromJson(o: Record<string, unknown>, line: number): ImportRow {
  if (o.type === 'ActionRetracted') {
    if (!isUuid(o.retracts)) return { kind: 'invalid', line, reason: 'retracts must be an event id (a UUID)' };
    return { kind: 'retraction', line, target: o.retracts, body: { reason: o.reason, eventId: o.eventId } };
  }
  if (o.type === 'ActionCorrected') {
    const { corrects, occurredAt, details, reason, eventId, formality, announcedAt, inResponseTo, tags } = o;
    if (!isUuid(corrects)) return { kind: 'invalid', line, reason: 'corrects must be an event id (a UUID)' };
    const body = { occurredAt, details, reason, eventId, formality, announcedAt, inResponseTo, tags };
    return { kind: 'correction', line, target: corrects, body };
  }
  const exported = 'position' in o && 'recordedAt' in o;
  const body = exported ? Object.fromEntries(Object.entries(o).filter(([k]) => ACTION_FIELDS.includes(k))) : { ...o };
  body.eventId ??= derivedId('json', body);
  return { kind: 'action', line, body };
}
