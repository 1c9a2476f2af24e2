/**
 * Where a rebuild's time goes, step by step: fills a new read-store generation from a generated log the
 * way a rebuild's `Refill` does (1,000-event pages, then the finishing steps), on this thread, and prints each
 * step's time, then the CPU time of the replay and of the whole fill.
 *
 *   npm run build && npm run bench:rebuild-steps -- [events, 200000] [rounds, 1] [--against DIR]
 *
 * `--against DIR` fills the same log with the build in DIR/dist too (a copy of an earlier build, with
 * node_modules beside it), the two alternating round by round, and prints each one's median: a before and
 * after on a shared machine, where CPU time is steadier than elapsed time (neither is steady under load).
 * Not part of `npm run bench`: a diagnosis, not a figure against a reference. Measures the build (dist/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as GenerationModule from '../src/projections/generation';
import { logShape } from './config';
import { buildLog } from './lib/log-builder';
import { appDir, product, snapshotBuild } from './lib/product';
import { now, quantile } from './lib/stats';

const PAGE = 1000; // Refill's
const load = createRequire(__filename);

/** This thread's CPU time since `since`, ms. */
function cpu(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

const line = (what: string, ms: number, cpuMs?: number) =>
  console.log(`${what.padEnd(36)} ${Math.round(ms)} ms${cpuMs === undefined ? '' : ` (CPU ${Math.round(cpuMs)} ms)`}`);

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  const against = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const events = Number(args[0] ?? 200_000);
  const rounds = Number(args[1] ?? 1);
  const work = mkdtempSync(join(tmpdir(), 'chancery-rebuild-steps-'));
  try {
    await snapshotBuild(work);
    const log = await buildLog(join(work, 'log'), logShape(events));
    console.log(`${events} events, ${log.pairs} pairs, hot pair ${log.hot.actions} actions`);
    const { SqliteEventStore } = product();
    const builds = [appDir(), ...(against ? [against] : [])];
    const measured = new Map(builds.map((b) => [b, { replay: [] as number[], all: [] as number[] }]));
    for (let round = 0; round < rounds; round++) {
      for (const build of round % 2 ? [...builds].reverse() : builds) {
        const { Generation } = load(join(build, 'dist', 'projections', 'generation.js')) as typeof GenerationModule;
        const store = new SqliteEventStore(join(log.dir, 'events.db'));
        const file = join(work, 'read.db');
        const generation = new Generation(file, true);
        const verbose = round === 0 && build === appDir();
        const started = now();
        const cpuStarted = process.cpuUsage();
        for (
          let page = await store.readAll(0, PAGE);
          page.length;
          page = await store.readAll(generation.checkpoint, PAGE)
        ) {
          generation.apply(page);
        }
        const replay = cpu(cpuStarted);
        if (verbose) line('replay (rows appended, no index)', now() - started, replay);
        // One lap per step: the pairs, the sorted move of the actions, the drop of their staging table, each
        // index, the deferred amendments; then one per pair, folding its snapshots.
        const laps: number[] = [];
        let lap = now();
        await generation.finishFilling(() => {
          laps.push(now() - lap);
          lap = now();
          return Promise.resolve();
        });
        const all = cpu(cpuStarted);
        measured.get(build)!.replay.push(replay);
        measured.get(build)!.all.push(all);
        if (verbose) {
          const finishing = laps.length - log.pairs;
          laps.slice(0, finishing).forEach((ms, i) => line(`finishing step ${i + 1}`, ms));
          line(
            `snapshots of ${log.pairs} pairs`,
            laps.slice(finishing).reduce((a, b) => a + b, 0),
          );
          const total = now() - started;
          console.log(`total ${Math.round(total)} ms: ${Math.round((events * 1000) / total)} events/s`);
        }
        generation.close();
        await store.close();
        rmSync(file, { force: true });
      }
    }
    for (const [build, { replay, all }] of measured) {
      const median = (xs: number[]) => Math.round(quantile(xs, 0.5));
      console.log(
        `${build === appDir() ? 'dist/' : build}: median of ${rounds}: replay CPU ${median(replay)} ms, ` +
          `whole fill CPU ${median(all)} ms: ${Math.round((events * 1000) / median(all))} events per CPU second`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
