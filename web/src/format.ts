// How codes, types, dates and scores read on the page.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `TalksTerminated` → `Talks terminated`. */
export const typeLabel = (type: string) => type.replace(/(?<=[a-z])([A-Z])/g, (c) => ` ${c.toLowerCase()}`);

/** `peace-treaty` → `peace treaty`, `asset_freeze` → `asset freeze`. */
export const slugLabel = (slug: string) => slug.replace(/[-_]+/g, ' ');

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * `2022-03-21` or a timestamp → `21 Mar 2022` (UTC), with the time when it is not midnight; a month (`2021-12`) or
 * a year (`2021`), as an action known only that precisely is dated, stays one: `Dec 2021`, `2021`.
 */
export function formatDate(iso: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  if (/^\d{4}$/.test(iso)) return iso;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const time = d.toISOString().slice(11, 16);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) || time === '00:00' ? day : `${day}, ${time} UTC`;
}

/** A transaction time to the millisecond: two writes can be a few ms apart. */
export const formatInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;

/** A Goldstein score with its sign: `+7`, `−4.5`. */
export const formatScore = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${Math.abs(x)}` : '0');

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
