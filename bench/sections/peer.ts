import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context, logShape } from '../config';
import { generateLog } from '../lib/data';
import { runChild } from '../lib/child';
import { product, ROOT } from '../lib/product';
import { runWorkload, WorkloadEvent, WorkloadResult } from '../lib/store-workload';
import type { PeerSpec } from '../peer/emmett';

const PEER_DIR = join(ROOT, 'bench', 'peer');

/**
 * (7) The peer a TypeScript user would pick instead: Emmett's SQLite store, on the same
 * durable-append and read-back workload as Chancery's store port, each in a fresh file.
 */
export async function peer(ctx: Context): Promise<void> {
  const { peerMs, peerParallel, peerRounds } = ctx.size;
  const events: WorkloadEvent[] = [...generateLog(logShape(Math.ceil(peerMs * 20) + 5_000, 3))].map((g) => ({
    stream: g.stream,
    event: { eventId: g.event.eventId, type: g.event.type, data: g.event.data },
  }));
  const eventsFile = join(ctx.work, 'peer-events.json');
  writeFileSync(eventsFile, JSON.stringify(events));

  const store = new (product().SqliteEventStore)(join(ctx.work, 'peer-chancery.db'));
  const ours = await runWorkload(
    {
      append: (stream, e) => store.append([{ stream, events: [{ ...e, metadata: {} }], expectedRevision: 'any' }]),
      readStream: async (stream) => (await store.readStream(stream)).length,
    },
    events,
    peerMs,
    peerParallel,
    peerRounds,
  );
  await store.close();

  if (!existsSync(join(PEER_DIR, 'node_modules', '@event-driven-io', 'emmett-sqlite'))) {
    ctx.report.note('Emmett is not installed: run `npm run bench:setup` once (it builds sqlite3 from source)');
    return;
  }
  const spec: PeerSpec = {
    file: join(ctx.work, 'peer-emmett.db'),
    eventsFile,
    ms: peerMs,
    parallel: peerParallel,
    rounds: peerRounds,
  };
  const theirs = JSON.parse(
    await runChild([join(PEER_DIR, 'emmett.ts'), JSON.stringify(spec)], PEER_DIR),
  ) as WorkloadResult & { synchronous?: number; unhandled: number };

  const { report } = ctx;
  const ref = (name: string, value: number) => ({ name: `Emmett ${name}`, value });
  report.add(
    '7',
    `Chancery port: sequential durable appends (${ours.sequentialFailed} failed)`,
    ours.sequential,
    'events/s',
    ref(`0.38.5 (${theirs.sequentialFailed} failed)`, theirs.sequential),
  );
  report.add(
    '7',
    `Chancery port: ${peerParallel} appends at once (${ours.parallelFailed}/${ours.parallelTotal} failed)`,
    ours.parallel,
    'events/s',
    ref(`(${theirs.parallelFailed}/${theirs.parallelTotal} failed)`, theirs.parallel),
  );
  report.add(
    '7',
    'Chancery port: read back every stream',
    ours.readBack,
    'events/s',
    ref('read back', theirs.readBack),
  );
  const sync = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][theirs.synchronous ?? -1] ?? 'unknown';
  report.note(`Emmett's connections run with synchronous=${sync} (Chancery: FULL)`);
  if (theirs.unhandled) report.note(`Emmett left ${theirs.unhandled} promise rejections unhandled`);
  if (theirs.firstFailure) report.note(`Emmett's first failure: ${theirs.firstFailure}`);
}
