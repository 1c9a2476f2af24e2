import { join } from 'node:path';
import { Context, logShape } from '../config';
import { askOverHttp, inProcess, Latency, overHttp, Question, questions } from '../lib/as-of';
import { buildLog, BuiltLog } from '../lib/log-builder';
import { PanelRun, streamPanel } from '../lib/panel';
import { rawScan } from '../lib/raw';
import { SANCTIONED, searchAcrossPairs, SearchFigures } from '../lib/sanctions';
import { fmt, ratioAtLeast, ratioAtMost, valueAtLeast, valueAtMost } from '../lib/report';
import { json, startService } from '../lib/service';
import { now as clock, quantile } from '../lib/stats';

interface Measures {
  log: BuiltLog;
  /** Events a second the live projector caught up with, from empty read models. */
  catchUp: number;
  rebuild?: number;
  /** As-of questions (known now) over HTTP while the rebuild ran: p99 and the longest, ms. */
  duringRebuild?: { p99: number; max: number; asked: number };
  scan?: number;
  /** Every pair by month over the 25 years of valid time the log's actions mostly fall in. */
  panel?: PanelRun;
  /** Peak RSS through catch-up, queries (and the rebuild), then after a restart and queries. */
  peakRss: number;
  restartPeakRss: number;
  startupMs: number;
  http: { now: Latency; past: Latency };
  local: { now: Latency; past: Latency };
  /** The search across pairs (10), on the big log. */
  search?: SearchFigures;
}

interface RebuildStatus {
  projections: { rebuild?: { startedAt: string; finishedAt?: string; processed: number; error?: string } }[];
}

/**
 * (4) rebuild, (5) as-of queries and (6) memory and start-up, on two generated logs ten times apart
 * in size (1,000,000 and 100,000 events in the full run), the hot pair holding 5% of each; (9) the panel
 * and (10) the search across pairs on the big one.
 */
export async function history(ctx: Context): Promise<void> {
  const { report, size } = ctx;
  const small = await measure(ctx, size.smallLog, false);
  const big = await measure(ctx, size.bigLog, true);
  const bigName = `${fmt(size.bigLog)}-event log, pair of ${fmt(big.log.hot.actions)} actions`;
  const smallRef = (name: string, value: number) => ({ name: `${fmt(size.smallLog)}-event log ${name}`, value });

  report.add(
    '4',
    `rebuild, ${fmt(size.bigLog)} events`,
    big.rebuild!,
    'events/s',
    { name: 'raw read-and-parse scan', value: big.scan! },
    valueAtLeast(100_000),
    ratioAtLeast(0.3),
  );
  const during = big.duringRebuild!;
  const outside = { name: 'the same questions outside it, p99', value: big.http.now.p99 };
  report.add('4', `as-of HTTP during the rebuild, p99 (${fmt(during.asked)} asked)`, during.p99, 'ms', outside);
  report.add('4', 'as-of HTTP during the rebuild, longest', during.max, 'ms', outside);
  report.add('4', 'live projector catch-up from empty read models', big.catchUp, 'events/s', {
    name: 'raw read-and-parse scan',
    value: big.scan!,
  });

  const panel = big.panel!;
  const pairsMonths = `${fmt(big.log.pairs)} pairs × 300 months`;
  report.add(
    '9',
    `panel, every pair by month 2000-2024 (${pairsMonths}, CSV): the log read through`,
    (big.log.events * 1000) / panel.ms,
    'events/s',
    { name: 'raw read-and-parse scan', value: big.scan! },
  );
  report.add(
    '9',
    `panel rows streamed (${fmt(panel.rows)} rows, ${fmt(panel.bytes / 2 ** 20)} MiB)`,
    (panel.rows * 1000) / panel.ms,
    'rows/s',
  );
  report.add('9', 'service RSS while streaming the panel, most sampled', panel.rssMax, 'MiB', {
    name: 'RSS before it',
    value: panel.rssBefore,
  });

  for (const [where, m, s] of [
    ['in-process', big.local, small.local],
    ['HTTP', big.http, small.http],
  ] as const) {
    for (const known of ['now', 'past'] as const) {
      const label = `as-of ${where}, knownAt ${known === 'now' ? 'now' : 'in the past'} (${bigName}; ${m[known].asked} asked)`;
      const asked = `${s[known].asked} asked`;
      report.add('5', `${label} p50`, m[known].p50, 'ms', smallRef(`p50 (${asked})`, s[known].p50), ratioAtMost(1.5));
      const p99Targets = where === 'in-process' ? [ratioAtMost(1.5), valueAtMost(2)] : [ratioAtMost(1.5)];
      report.add('5', `${label} p99`, m[known].p99, 'ms', smallRef('p99', s[known].p99), ...p99Targets);
    }
  }

  const search = big.search!;
  const target = `${SANCTIONED}, ${fmt(search.inForce)} packages in force across ${fmt(search.pairs)} pairs`;
  for (const [name, m, targets] of [
    ['GET /v1/sanctions?target= first page, known now', search.first, [valueAtMost(20)]],
    ['GET /v1/entities?q=&target= first page, known now', search.entities, []],
    ['GET /v1/sanctions?target= first page, knownAt before the packages (their pairs folded)', search.past, []],
  ] as const) {
    report.add('10', `${name} (${target}; ${m.asked} asked) p50`, m.p50, 'ms');
    report.add('10', `${name} p99`, m.p99, 'ms', undefined, ...targets);
  }

  report.add(
    '6',
    `peak RSS: catch-up, queries and rebuild on the ${fmt(size.bigLog)}-event log`,
    big.peakRss,
    'MiB',
    smallRef('(same steps)', small.peakRss),
    valueAtMost(400),
  );
  report.add(
    '6',
    'peak RSS after a restart on that data dir, with queries',
    big.restartPeakRss,
    'MiB',
    smallRef('(same steps)', small.restartPeakRss),
    valueAtMost(400),
  );
  report.add(
    '6',
    'start-up time on that data dir (spawn to /health 200)',
    big.startupMs,
    'ms',
    smallRef('start-up', small.startupMs),
  );
}

async function measure(ctx: Context, events: number, isBig: boolean): Promise<Measures> {
  const { size, report } = ctx;
  const dir = join(ctx.work, `log-${events}`);
  const log = await buildLog(dir, logShape(events));
  report.note(
    `${fmt(events)}-event log: ${fmt(log.pairs)} pairs, hot pair ${fmt(log.hot.events)} events (${fmt(log.hot.actions)} actions); written through the store port at ${fmt(log.rate)} events/s`,
  );
  const budget = size.name === 'quick' ? 750 : 30_000;
  const now = questions(log, size.queries, false);
  const past = questions(log, size.queries, true);

  // The service catches up from empty read models as it starts: that is the projector's live rate.
  let service = await startService(dir);
  const firstReadyMs = service.readyMs;
  // The peak so far after each step, so that the one that raised it is named (a note, not a figure).
  const peaks: string[] = [];
  const step = (name: string) => peaks.push(`${name} ${service.peakRssMiB().toFixed(0)}`);
  step('catch-up');
  const http = { now: await overHttp(service.url, now, budget), past: await overHttp(service.url, past, budget) };
  step('as-of questions');
  let rebuild: Awaited<ReturnType<typeof rebuildUnderQuestions>> | undefined;
  let scan: number | undefined;
  let panel: PanelRun | undefined;
  let search: SearchFigures | undefined;
  if (isBig) {
    panel = await streamPanel(service, PANEL_QUERY);
    step('panel');
    search = await searchAcrossPairs(service.url, size.queries, budget);
    step('search');
    rebuild = await rebuildUnderQuestions(service.url, now);
    step('rebuild');
    scan = rawScan(join(dir, 'events.db')).rate;
  }
  report.note(`${fmt(events)}-event log: peak RSS (MiB) after each step: ${peaks.join(', ')}`);
  const peakRss = service.peakRssMiB();
  await service.stop();

  service = await startService(dir);
  const startupMs = service.readyMs;
  // Start-up with nothing to catch up is the boot alone: what the first start took beyond it was catching up.
  const catchUp = (events * 1000) / Math.max(1, firstReadyMs - startupMs);
  const again = size.name === 'quick' ? 20 : 200;
  await overHttp(service.url, now.slice(0, again), budget);
  await overHttp(service.url, past.slice(0, again), budget);
  const restartPeakRss = service.peakRssMiB();
  await service.stop();

  const local = { now: await inProcess(dir, now, budget), past: await inProcess(dir, past, budget) };
  const duringRebuild = rebuild && {
    p99: quantile(rebuild.during, 0.99),
    max: Math.max(...rebuild.during),
    asked: rebuild.during.length,
  };
  return {
    log,
    catchUp,
    rebuild: rebuild?.rate,
    duringRebuild,
    scan,
    panel,
    peakRss,
    restartPeakRss,
    startupMs,
    http,
    local,
    search,
  };
}

/** The panel the benchmark streams: 25 years by month, every pair. */
const PANEL_QUERY = 'from=2000-01-01&to=2024-12-31&granularity=month&format=csv';

/**
 * POST /v1/projections/rebuild, then ask as-of questions over HTTP, one at a time, until it is done: its
 * rate in events/s from its own timestamps, and how long each question took while it ran (ms).
 */
async function rebuildUnderQuestions(url: string, qs: Question[]): Promise<{ rate: number; during: number[] }> {
  await json('POST', `${url}/v1/projections/rebuild`);
  const during: number[] = [];
  for (let i = 0, polled = clock(); ; i++) {
    const t = clock();
    await askOverHttp(url, qs[i % qs.length]);
    during.push(clock() - t);
    if (clock() - polled < 100) continue;
    polled = clock();
    const { projections } = await json<RebuildStatus>('GET', `${url}/v1/projections`);
    const r = projections[0].rebuild;
    if (r?.error) throw new Error(`the rebuild failed: ${r.error}`);
    if (r?.finishedAt) {
      return { rate: (r.processed * 1000) / (Date.parse(r.finishedAt) - Date.parse(r.startedAt)), during };
    }
  }
}
