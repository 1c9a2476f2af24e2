import { NOT_IN_FORCE } from '../domain/areas/sanctions';
import stringify from 'safe-stable-stringify';
import { RecordedEvent } from '../domain/events';
import { pairOfStream } from '../domain/pair';
import { stateAt } from '../domain/state/state-at';
import { viewState } from '../domain/state/view';
import { parseInstant, parseOccurredAt, precisionOf, toIso } from '../domain/time';
import { fromEventView } from '../ledger/event-view';
import { Api } from './api';
import { progressBar, tick } from './progress';

export interface Difference {
  pair: string;
  asOf: string;
  knownAt: string;
  fields: string[];
}

export interface VerifyReport {
  events: number;
  pairs: number;
  checks: number;
  differences: Difference[];
}

/** A question about an action's valid time: a month or a year (not an asOf) asks about its first day. */
const asOfOf = (occurredAt: string) =>
  precisionOf(occurredAt) === 'day' ? occurredAt : toIso(parseOccurredAt(occurredAt)).slice(0, 10);

/** Up to n values spread evenly over a sorted list, always with its last. */
const spread = <T>(xs: T[], n: number) =>
  xs.length <= n ? xs : Array.from({ length: n }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (n - 1))]);

/**
 * Folds the whole log from scratch with the pure domain and compares every pair's state,
 * on a spread of dates and as known now and half-way through its history, with what the
 * service's read models answer. Holds the log in memory: a tool for audits, not hot paths.
 */
export async function verify(api: Api, datesPerPair: number): Promise<VerifyReport> {
  const byPair = new Map<string, RecordedEvent[]>();
  let events = 0;
  for await (const view of api.log(0)) {
    const e = fromEventView(view);
    if (!e) continue;
    const key = pairOfStream(e.stream)!.join('/');
    const list = byPair.get(key) ?? [];
    if (!list.length) byPair.set(key, list);
    list.push(e);
    events++;
  }
  const report: VerifyReport = { events, pairs: byPair.size, checks: 0, differences: [] };
  const bar = progressBar('pairs');
  const started = Date.now();
  bar.start(byPair.size, 0, { rate: 0 });
  let done = 0;
  for (const [pair, log] of byPair) {
    const dates = [
      ...new Set(log.flatMap((e) => ('occurredAt' in e.data && e.data.occurredAt ? [asOfOf(e.data.occurredAt)] : []))),
    ];
    dates.sort((a, b) => parseInstant('asOf', a, 'end-of-day') - parseInstant('asOf', b, 'end-of-day'));
    const knownAts = [log[log.length - 1].recordedAt, log[Math.floor((log.length - 1) / 2)].recordedAt];
    for (const asOf of [...spread(dates, datesPerPair), '9999-12-31']) {
      for (const knownAt of knownAts) {
        const expected = viewState(stateAt(log, parseInstant('asOf', asOf, 'end-of-day'), knownAt), {
          include: NOT_IN_FORCE,
        });
        const got = await api.ok<Record<string, unknown>>(
          'GET',
          `/v1/relations/${pair}?asOf=${encodeURIComponent(asOf)}&knownAt=${toIso(knownAt)}&include=${NOT_IN_FORCE.join(',')}`,
        );
        report.checks++;
        const fields = Object.keys(expected).filter(
          (k) => stringify(expected[k as keyof typeof expected]) !== stringify(got[k]),
        );
        if (fields.length) report.differences.push({ pair, asOf, knownAt: toIso(knownAt), fields });
      }
    }
    tick(bar, ++done, started);
  }
  bar.stop();
  return report;
}
