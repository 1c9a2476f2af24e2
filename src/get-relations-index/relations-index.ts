import { goldstein, isIndexed } from '../domain/catalogue/catalogue';
import { invalid } from '../domain/errors';
import { RecordedEvent } from '../domain/events';
import { standingOf } from '../domain/state/standing';
import { steps as stepsOf } from '../domain/state/steps';

/**
 * One calendar month (UTC): the Goldstein scores of its actions, their count, the running index at its end,
 * and the standing score at its end (what was in force then).
 */
export interface IndexMonth {
  month: string;
  score: number;
  count: number;
  average: number | null;
  cumulative: number;
  standing: number;
}

/** One action and the running index right after it: where a chart marks it. */
export interface IndexStep {
  eventId: string;
  type: string;
  actor: string;
  target: string;
  occurredAt: string;
  score: number;
  cumulative: number;
  standing: number;
}

export interface RelationsIndex {
  months: IndexMonth[];
  actions: IndexStep[];
}

/** A chart of more than a century of months is a mistake in from/to, not a question. */
export const MAX_MONTHS = 1200;

const round = (x: number) => Math.round(x * 100) / 100;
const monthIndex = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
const monthStart = (i: number) => Date.UTC(Math.floor(i / 12), i % 12, 1);

/**
 * The relations index of a pair over time, as known at `knownAt`: the state after each action (whose
 * `index` sums the catalogue's Goldstein scores), bucketed by month.
 * Months are whole calendar months, dense from `from` (or the first action) to `to` (or the
 * last), at most MAX_MONTHS of them: a longer history left open at one end shows the century at the
 * other (the latest, when both are open); `cumulative` counts every earlier action, also those before.
 */
export function relationsIndex(
  events: Iterable<RecordedEvent>,
  knownAt: number,
  from = -Infinity,
  to = Infinity,
): RelationsIndex {
  const steps = [...stepsOf(events, knownAt)]
    .filter(({ action }) => !action.retractedBy && isIndexed(action.type))
    .map(({ action: { at, eventId, type, actor, target, occurredAt }, after }) => ({
      at,
      eventId,
      type,
      actor,
      target,
      occurredAt,
      score: goldstein(type),
      cumulative: after.index.score,
      standing: standingOf(after),
    }));
  const inWindow = steps.filter((s) => s.at >= from && s.at <= to);
  const first = Number.isFinite(from) ? from : inWindow[0]?.at;
  const last = Number.isFinite(to) ? to : (inWindow.at(-1)?.at ?? first);
  if (first === undefined || last === undefined) return { months: [], actions: [] };
  let [m0, m1] = [monthIndex(first), monthIndex(last)];
  if (m1 - m0 + 1 > MAX_MONTHS) {
    if (Number.isFinite(from) && Number.isFinite(to)) throw invalid(`from..to spans more than ${MAX_MONTHS} months`);
    // A window the client left open is the history's: the century next to the edge it gave, or the latest one.
    if (Number.isFinite(from)) m1 = m0 + MAX_MONTHS - 1;
    else m0 = m1 - MAX_MONTHS + 1;
  }
  const shown = inWindow.filter((s) => s.at >= monthStart(m0) && s.at < monthStart(m1 + 1));

  const months: IndexMonth[] = [];
  let i = 0;
  let cumulative = 0;
  let standing = 0;
  for (let m = m0; m <= m1; m++) {
    const [start, end] = [monthStart(m), monthStart(m + 1)];
    let score = 0;
    let count = 0;
    for (; i < steps.length && steps[i].at < end; i++) {
      ({ cumulative, standing } = steps[i]);
      if (steps[i].at >= start) [score, count] = [score + steps[i].score, count + 1];
    }
    const month = new Date(start).toISOString().slice(0, 7);
    months.push({
      month,
      score: round(score),
      count,
      average: count ? round(score / count) : null,
      cumulative: round(cumulative),
      standing: round(standing),
    });
  }
  return {
    months,
    actions: shown.map(({ at: _at, ...s }) => ({ ...s, cumulative: round(s.cumulative), standing: round(s.standing) })),
  };
}
