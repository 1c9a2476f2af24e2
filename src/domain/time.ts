import { about, invalid } from './errors';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** Which end of a date-only value it stands for: occurredAt starts the day, asOf/knownAt end it. */
export type DateEdge = 'start-of-day' | 'end-of-day';

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Parses a `YYYY-MM-DD` date or an ISO timestamp with `Z` or an offset into epoch
 * milliseconds, rejecting impossible dates (2022-02-30) and local times without a zone.
 */
export function parseInstant(field: string, value: unknown, edge: DateEdge): number {
  if (typeof value !== 'string') throw invalid(about(field, ` must be a date (YYYY-MM-DD) or an ISO timestamp`));
  const date = DATE.exec(value);
  if (date) {
    const [y, m, d] = date.slice(1).map(Number);
    if (!realDate(y, m, d)) throw invalid(about(field, ` is not a real date: ${value}`));
    const start = Date.UTC(y, m - 1, d);
    return edge === 'start-of-day' ? start : start + DAY_MS - 1;
  }
  const ts = TIMESTAMP.exec(value);
  if (!ts) {
    throw invalid(
      about(
        field,
        ` must be a date (YYYY-MM-DD) or an ISO timestamp with Z or an offset ` +
          `(2022-03-21T09:00:00Z); got ${JSON.stringify(value)}`,
      ),
    );
  }
  const [y, mo, d, h, mi, s] = ts.slice(1, 7).map((x) => Number(x ?? 0));
  if (!realDate(y, mo, d) || h > 23 || mi > 59 || s > 59) throw invalid(about(field, ` is not a real time: ${value}`));
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(about(field, ` is not a real time: ${value}`));
  return ms;
}

/** How precisely an action's valid time is known: to the day (or finer), the month or the year. */
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

/** The precision an occurredAt is written to: `2021-12` is a month, `2021` a year, anything else a day. */
export const precisionOf = (occurredAt: string): DatePrecision =>
  MONTH.test(occurredAt) ? 'month' : YEAR.test(occurredAt) ? 'year' : 'day';

/**
 * An action's valid time: a date or an ISO timestamp (as `parseInstant`), or a month (`YYYY-MM`) or a year
 * (`YYYY`) when the sources say no more; a period is folded at its start.
 */
export function parseOccurredAt(value: unknown, field = 'occurredAt'): number {
  if (typeof value === 'string' && (DATE.test(value) || TIMESTAMP.test(value))) {
    return parseInstant(field, value, 'start-of-day');
  }
  const period = typeof value === 'string' ? (MONTH.exec(value) ?? YEAR.exec(value)) : null;
  if (!period) {
    throw invalid(
      about(
        field,
        ` must be a date (YYYY-MM-DD), an ISO timestamp with Z or an offset (2022-03-21T09:00:00Z), a month ` +
          `(YYYY-MM) or a year (YYYY); got ${JSON.stringify(value)}`,
      ),
    );
  }
  const [y, m = 1] = period.slice(1).map(Number);
  if (m < 1 || m > 12) throw invalid(about(field, ` is not a real month: ${String(value)}`));
  // Not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  return new Date(0).setUTCFullYear(y, m - 1, 1);
}

export const toIso = (ms: number) => new Date(ms).toISOString();

/** An optional `asOf`/`knownAt`: a date-only value means the end of that day, UTC. */
export const optionalInstant = (field: string, value: string | undefined, fallback: number): number =>
  value === undefined || value === '' ? fallback : parseInstant(field, value, 'end-of-day');

/**
 * A span of valid time: a date-only `from` starts at 00:00Z, a date-only `to` ends at 23:59:59.999Z;
 * a bound not given is open.
 */
export function validWindow(from: string | undefined, to: string | undefined): { from: number; to: number } {
  const window = {
    from: from === undefined ? -Infinity : parseInstant('from', from, 'start-of-day'),
    to: to === undefined ? Infinity : parseInstant('to', to, 'end-of-day'),
  };
  if (window.from > window.to) throw invalid(about('from', ` (${from}) must not be after to (${to})`));
  return window;
}
