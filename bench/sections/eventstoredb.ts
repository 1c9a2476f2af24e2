import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EsdbEmulator } from '../../test/esdb-emulator/emulator';
import { Context, logShape } from '../config';
import { generateLog } from '../lib/data';
import { buildLog } from '../lib/log-builder';
import { fmt, valueAtMost } from '../lib/report';
import { json, memoryMiB, startService } from '../lib/service';
import { machineLoad } from '../lib/stats';

type Store = 'eventstoredb' | 'sqlite';
/** A first start fills the read models from the whole log: on 2,000,000 events through gRPC, an hour or more. */
const READY_MS = 4 * 3_600_000;
/** The emulator's fill says how far it got every this many events. */
const FILL_REPORT = 250_000;

interface Starts {
  /** Spawn to /health 200 on an empty data dir: the read models filled from the whole log. */
  firstMs: number;
  /** RSS once caught up (VmRSS), and the peak through catch-up (VmHWM), MiB. */
  rss: number;
  peakRss: number;
  /** Spawn to /health 200 again on that data dir: the restart. */
  restartMs: number;
  restartRss: number;
}

/**
 * (8) The EventStoreDB adapter at scale, on the strict emulator (byte-offset positions, system events in $all), and
 * the same steps on SQLite beside it: start-up on an empty log, a restart on a log of `restartLog` events (the
 * read models already caught up), and memory after catching up with `memoryLog` events. The emulator runs in this
 * process, its log written directly (not through a client), so the service's RSS is the service's alone.
 */
export async function eventStoreDb(ctx: Context): Promise<void> {
  const { report, size } = ctx;
  for (const store of size.stores) {
    const empty = await starts(ctx, store, 0);
    const restart = await starts(ctx, store, size.restartLog);
    const big = size.memoryLog === size.restartLog ? restart : await starts(ctx, store, size.memoryLog);
    const on = store === 'eventstoredb' ? 'EventStoreDB (emulator)' : 'SQLite';
    const emptyRef = { name: 'the same on an empty log', value: empty.restartMs };
    report.add(
      '8',
      `${on}: restart, ${fmt(size.restartLog)}-event log caught up (spawn to /health 200)`,
      restart.restartMs,
      'ms',
      emptyRef,
    );
    report.add('8', `${on}: RSS after the restart on that log`, restart.restartRss, 'MiB', {
      name: 'on an empty log',
      value: empty.restartRss,
    });
    report.add(
      '8',
      `${on}: first start on a ${fmt(size.memoryLog)}-event log, read models filled (spawn to /health 200)`,
      big.firstMs,
      'ms',
      { name: 'on an empty log', value: empty.firstMs },
    );
    report.add(
      '8',
      `${on}: RSS once caught up with ${fmt(size.memoryLog)} events`,
      big.rss,
      'MiB',
      { name: 'on an empty log', value: empty.rss },
      valueAtMost(400),
    );
    report.add('8', `${on}: peak RSS through that catch-up`, big.peakRss, 'MiB', {
      name: 'on an empty log',
      value: empty.peakRss,
    });
  }
}

/** Starts the service on an empty data dir over a log of `events` events, then again on that data dir. */
async function starts(ctx: Context, store: Store, events: number): Promise<Starts> {
  const dir = join(ctx.work, `${store}-${events}`);
  mkdirSync(dir, { recursive: true });
  const emulator = store === 'eventstoredb' ? await emulatorWith(events) : undefined;
  if (!emulator && events > 0) await buildLog(dir, logShape(events));
  const env = emulator && { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString };
  try {
    let service = await startService(dir, READY_MS, undefined, env, progress(`${store}, ${fmt(events)} events`, dir));
    const first = { firstMs: service.readyMs, rss: service.rssMiB(), peakRss: service.peakRssMiB() };
    await service.stop();
    service = await startService(dir, READY_MS, undefined, env);
    const again = { restartMs: service.readyMs, restartRss: service.rssMiB() };
    await service.stop();
    ctx.report.note(
      `${store}, ${fmt(events)} events: first start ${fmt(first.firstMs)} ms, restart ${fmt(again.restartMs)} ms`,
    );
    return { ...first, ...again };
  } finally {
    emulator?.stop();
  }
}

/**
 * What a long first start is doing, printed while it waits: the rebuild's progress, the service's RSS and this
 * process's (the emulator's, which holds the whole log), the load, and what the service logged since the last call
 * (warnings and errors, in `<dir>.log`).
 */
function progress(what: string, dir: string) {
  let logged = 0;
  return async (url: string, pid: number) => {
    const log = readFileSync(`${dir}.log`);
    // Its own health checks, answered 503 until it has caught up, are not news.
    const lines = log
      .subarray(logged)
      .toString()
      .split('\n')
      .filter((l) => l && !l.includes('"url":"/health"'));
    logged = log.length;
    for (const line of lines) console.log(`    service: ${line}`);
    type Projection = { status: string; rebuild?: { phase: string; processed: number; rate: number } };
    const { projections } = await json<{ projections: Projection[] }>('GET', `${url}/v1/projections`);
    const [{ status, rebuild }] = projections;
    const filling = rebuild ? `${rebuild.phase}, ${fmt(rebuild.processed)} events at ${rebuild.rate}/s` : status;
    const rss = `RSS ${memoryMiB(pid, 'VmRSS').toFixed(0)} MiB (bench ${memoryMiB(process.pid, 'VmRSS').toFixed(0)})`;
    console.log(`    ${what}: ${filling}; ${rss}; ${machineLoad()}`);
  };
}

/** The strict emulator holding the generated log of `events` events, with the generator's recording times. */
async function emulatorWith(events: number): Promise<EsdbEmulator> {
  const emulator = await EsdbEmulator.start();
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  let written = 0;
  for (const { stream, event, recordedAt } of generateLog(logShape(events))) {
    if (++written % FILL_REPORT === 0) {
      const rss = memoryMiB(process.pid, 'VmRSS').toFixed(0);
      console.log(`    emulator: ${fmt(written)} of ${fmt(events)} events written; RSS ${rss} MiB; ${machineLoad()}`);
    }
    emulator.log.clock = () => recordedAt;
    emulator.log.append(stream, 'any', [
      {
        id: event.eventId.toLowerCase(),
        type: event.type,
        contentType: 'application/json',
        data: json(event.data),
        customMetadata: json(event.metadata ?? {}),
      },
    ]);
  }
  return emulator;
}
