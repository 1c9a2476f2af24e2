// Dates on the page are UTC calendar days (`YYYY-MM-DD`), as the API reads a date-only asOf.

const DAY_MS = 86_400_000;

export const isDate = (s: string | undefined): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Days since 1970-01-01: the slider's unit. */
export const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
export const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const today = () => new Date().toISOString().slice(0, 10);

/** The day part of an occurredAt (a date or a timestamp; a month or a year: its first day), in UTC. */
export const dayPart = (iso: string) => (isDate(iso) ? iso : new Date(iso).toISOString().slice(0, 10));
