/**
 * Where a rebuild's time goes, step by step: fills a new read-store generation from a generated log the
 * way a rebuild's `Refill` does (1,000-event pages, then the finishing steps), on this thread, and prints each
 * step's time.
 *
 *   npm run build && npm run bench:rebuild-steps -- 200000
 *
 * Not part of `npm run bench`: a diagnosis, not a figure against a reference. Measures the build (dist/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logShape } from './config';
import { buildLog } from './lib/log-builder';
import { product, snapshotBuild } from './lib/product';
import { now } from './lib/stats';

const PAGE = 1000; // Refill's

async function main() {
  const events = Number(process.argv[2] ?? 200_000);
  const work = mkdtempSync(join(tmpdir(), 'chancery-rebuild-steps-'));
  try {
    await snapshotBuild(work);
    const log = await buildLog(join(work, 'log'), logShape(events));
    console.log(`${events} events, ${log.pairs} pairs, hot pair ${log.hot.actions} actions`);
    const { SqliteEventStore, Generation } = product();
    const store = new SqliteEventStore(join(log.dir, 'events.db'));
    const generation = new Generation(join(work, 'read.db'), true);
    const started = now();
    let at = started;
    for (
      let page = await store.readAll(0, PAGE);
      page.length;
      page = await store.readAll(generation.checkpoint, PAGE)
    ) {
      generation.apply(page);
    }
    console.log(`${'replay (rows appended, no index)'.padEnd(36)} ${Math.round(now() - at)} ms`);
    at = now();
    // One lap per step: the sorted move of the actions, the drop of their staging table, each index,
    // the deferred amendments; then one per pair, folding its snapshots.
    const laps: number[] = [];
    await generation.finishFilling(() => {
      laps.push(now() - at);
      at = now();
      return Promise.resolve();
    });
    const finishing = laps.length - log.pairs;
    laps
      .slice(0, finishing)
      .forEach((ms, i) => console.log(`${`finishing step ${i + 1}`.padEnd(36)} ${Math.round(ms)} ms`));
    const settling = laps.slice(finishing).reduce((a, b) => a + b, 0);
    console.log(`${`snapshots of ${log.pairs} pairs`.padEnd(36)} ${Math.round(settling)} ms`);
    const total = now() - started;
    console.log(`total ${Math.round(total)} ms: ${Math.round((events * 1000) / total)} events/s`);
    generation.close();
    await store.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
