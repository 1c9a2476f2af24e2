import { AreaChange } from '../domain/areas/area';
import { AREAS } from '../domain/areas/areas';
import { ACTION_TYPES, ActionType, goldstein, isIndexed } from '../domain/catalogue/catalogue';
import { invalid } from '../domain/errors';
import { Pair } from '../domain/pair';
import { foldActions, nextTimedChange } from '../domain/state/evolve';
import { KnownAction } from '../domain/state/knowledge';
import { RelationState } from '../domain/state/relation-state';
import { standingOf } from '../domain/state/standing';

export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** One period of a panel: [start, end) in epoch ms, UTC calendar months, quarters or years. */
export interface Period {
  label: string;
  start: number;
  end: number;
  /** Its first and last days, `YYYY-MM-DD`. */
  firstDay: string;
  lastDay: string;
}

/** A panel of more than a century of months is a mistake in from/to, not a question. */
export const MAX_PERIODS = 1200;

const MONTHS: Record<Granularity, number> = { month: 1, quarter: 3, year: 12 };
const monthIndex = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
const monthStart = (i: number) => Date.UTC(Math.floor(i / 12), i % 12, 1);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function label(first: number, g: Granularity): string {
  const year = String(Math.floor(first / 12)).padStart(4, '0');
  const month = first % 12;
  if (g === 'year') return year;
  if (g === 'quarter') return `${year}-Q${month / 3 + 1}`;
  return `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The whole periods that cover `from`..`to` (each bound falls in the first and the last). */
export function periodsOf(from: number, to: number, g: Granularity): Period[] {
  const step = MONTHS[g];
  const first = Math.floor(monthIndex(from) / step) * step;
  const last = Math.floor(monthIndex(to) / step) * step;
  const count = (last - first) / step + 1;
  if (count > MAX_PERIODS) throw invalid(`from..to spans ${count} ${g}s: a panel has at most ${MAX_PERIODS} periods`);
  return Array.from({ length: count }, (_, i) => {
    const m = first + i * step;
    const [start, end] = [monthStart(m), monthStart(m + step)];
    return { label: label(m, g), start, end, firstDay: day(start), lastDay: day(end - 1) };
  });
}

const countColumn = (type: ActionType) => `n_${type}` as const;

/** The columns of a panel, in order: docs/PANEL.md describes each. */
export const PANEL_COLUMNS = [
  'pair',
  'a',
  'b',
  'period',
  'period_start',
  'period_end',
  'actions',
  'goldstein',
  'standing',
  'relations_status',
  'relations_level',
  'sanctions_a_on_b',
  'sanctions_b_on_a',
  'sanction_kinds_a_on_b',
  'sanction_kinds_b_on_a',
  'talks_changed',
  'regimes_changed',
  ...ACTION_TYPES.map(countColumn),
] as const;

/** A row: its values in the order of PANEL_COLUMNS (an array, not an object: a panel has millions of rows). */
export type PanelRow = (string | number | null)[];

/** A row as an object, keyed by column. */
export const rowObject = (row: PanelRow) =>
  Object.fromEntries(PANEL_COLUMNS.map((c, i) => [c, row[i]])) as Record<
    (typeof PANEL_COLUMNS)[number],
    PanelRow[number]
  >;

const round = (x: number) => Math.round(x * 100) / 100;

/** The packages in force one way at a state, and the kinds of their measures (sorted, `;`-separated). */
function inForce(s: RelationState, by: string, on: string): [number, string] {
  const packages = Object.values(s.sanctions.packages).filter(
    (p) => p.status === 'active' && p.imposedBy === by && p.target === on,
  );
  const kinds = new Set(packages.flatMap((p) => p.measures.map((m) => m.kind)));
  return [packages.length, [...kinds].sort().join(';')];
}

/** What changed in a keyed area over a period: `name:status` per entry, `;`-separated. */
const changed = (changes: AreaChange[], name: (to: Record<string, string>) => string) =>
  changes
    .map(({ to }) => to as Record<string, string>)
    .map((to) => `${name(to)}:${to.status}`)
    .sort()
    .join(';');

/**
 * The rows of one pair, one per period: `start` is its state on the eve of the first period, `actions` its
 * actions in fold order (valid time, then log order) from the first period on, not retracted, as known at the
 * panel's knownAt. One fold walked forward through the periods: each action is folded once.
 */
export function* panelRows(
  pair: Pair,
  periods: readonly Period[],
  start: RelationState,
  actions: Iterable<KnownAction>,
): Generator<PanelRow> {
  const [a, b] = pair;
  const key = `${a}-${b}`;
  const it = actions[Symbol.iterator]();
  let next = it.next();
  let state = start;
  let atEnd: PanelRow | undefined;
  for (const { label: period, start: from, end, firstDay, lastDay } of periods) {
    const counts: number[] = new Array<number>(ACTION_TYPES.length).fill(0);
    const within: KnownAction[] = [];
    let score = 0;
    for (; !next.done && next.value.at < end; next = it.next()) {
      const action = next.value;
      if (action.at < from) continue; // before the first period: already in `start`
      within.push(action);
      counts[TYPE_INDEX[action.type]]++;
      if (isIndexed(action.type)) score += goldstein(action.type);
    }
    // The state at the period's last instant, what time alone changed by then (a lapse) applied. Most periods of
    // most pairs hold nothing and change nothing: their state, and what is read from it, are the period before's.
    const due = nextTimedChange(state);
    const same = atEnd && !within.length && (due === null || end - 1 < due);
    const after = same ? state : foldActions(within, state, end - 1);
    if (!same) atEnd = stateColumns(after, a, b);
    const talks = same ? '' : changed(AREAS.talks.changes(state.talks, after.talks), (t) => t.track);
    const regimes = same
      ? ''
      : changed(AREAS.visaRegimes.changes(state.visaRegimes, after.visaRegimes), (r) => `${r.regime}/${r.grantedBy}`);
    yield [key, a, b, period, firstDay, lastDay, within.length, round(score), ...atEnd!, talks, regimes, ...counts];
    state = after;
  }
}

const TYPE_INDEX = Object.fromEntries(ACTION_TYPES.map((t, i) => [t, i])) as Record<ActionType, number>;

/** What a row reads from the state at its period's end: `standing` to `sanction_kinds_b_on_a`. */
function stateColumns(s: RelationState, a: string, b: string): PanelRow {
  const [aOnB, kindsAOnB] = inForce(s, a, b);
  const [bOnA, kindsBOnA] = inForce(s, b, a);
  const { status, level } = s.diplomaticRelations;
  return [round(standingOf(s)), status, level, aOnB, bOnA, kindsAOnB, kindsBOnA];
}
