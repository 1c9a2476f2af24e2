import { about, invalid, Problem, unprocessable } from './errors';
import { DatePrecision, precisionOf } from './time';

/** How an action was taken: by a formal act, informally (unannounced, unwritten), or officially denied. */
export const FORMALITIES = ['formal', 'informal', 'denied'] as const;
export type Formality = (typeof FORMALITIES)[number];

/**
 * What every action may say of itself beside its type and details, and a correction may change: all optional.
 * `formality` is `formal` unless said; `inResponseTo` names actions of any pair that this one answers.
 */
export interface Qualifiers {
  formality?: Formality;
  /** When it was made public, where that differs from when it took effect (occurredAt). */
  announcedAt?: string;
  inResponseTo?: string[];
  tags?: string[];
}

/** As posted: `datePrecision` too, which must agree with the form of occurredAt (it is not stored: it follows). */
export type PostedQualifiers = Qualifiers & { datePrecision?: DatePrecision };

/** The top-level fields of an action body beside type, parties, times and details: what an export carries on. */
export const QUALIFIER_FIELDS = ['formality', 'datePrecision', 'announcedAt', 'inResponseTo', 'tags'] as const;

/** A `datePrecision` given must be the one occurredAt is written to (`2021-12` is a month). */
export function checkPrecision(given: DatePrecision | undefined, occurredAt: string): void {
  const written = precisionOf(occurredAt);
  if (given !== undefined && given !== written) {
    throw invalid(
      about('datePrecision', ` (${given}) does not match occurredAt ${occurredAt}, which is to the ${written}`),
    );
  }
}

/** What `inResponseTo` may name: an action the ledger knows, not retracted, and not the action itself. */
export interface Responded {
  kind: 'action' | 'amendment' | 'unknown';
  retractedBy?: string;
}

export function checkResponses(ids: readonly string[] | undefined, self: string, lookup: (id: string) => Responded) {
  const problems: Problem[] = [];
  (ids ?? []).forEach((id, i) => {
    const field = `inResponseTo[${i}]`;
    const found = lookup(id);
    if (id === self) problems.push(about(field, ` ${id} is this action itself`));
    else if (found.kind === 'unknown') problems.push(about(field, ` ${id} is no action the ledger knows`));
    else if (found.kind === 'amendment')
      problems.push(about(field, ` ${id} is a retraction or correction, not an action`));
    else if (found.retractedBy) problems.push(about(field, ` ${id} was retracted by ${found.retractedBy}`));
  });
  if (problems.length) throw unprocessable(problems);
}

/**
 * The qualifiers as stored: `datePrecision` left out (it follows from occurredAt) and, for a new action, the
 * default `formal` too, so that a retry that says it and one that does not are the same request. A correction
 * keeps `formal`: it may be what it sets.
 */
export function storedQualifiers<Q extends PostedQualifiers>(q: Q, isCorrection = false): Omit<Q, 'datePrecision'> {
  const { datePrecision: _derived, ...rest } = q;
  if (!isCorrection && rest.formality === 'formal') delete rest.formality;
  return rest;
}
