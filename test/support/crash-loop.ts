import { Api } from '../../src/cli/api';
import { verify } from '../../src/cli/verify';
import { at, sleep, uuid } from './ledger';
import { startService } from './process';
import { seeded } from './generators';
import { randomActions } from './random-history';
import { Outcome, send } from './raw-http';

/** A write as a client sent it: what must be in the log, whole, once it is acknowledged. */
interface Write {
  method: 'POST';
  path: string;
  body: Record<string, unknown>;
  /** The events it records, with the fields each must show in the log. */
  events: { eventId: string; type: string; fields: Record<string, unknown> }[];
}

export interface CrashFigures {
  kills: number;
  /** Writes answered 201 or 200, each holding one or more events. */
  acknowledgedWrites: number;
  /** Events of those writes, each checked present once and whole after every restart. */
  acknowledgedEvents: number;
  /** Writes cut off by a kill (no answer): retried with the same eventIds after the restart. */
  retriedAfterKill: number;
  eventsInLog: number;
  /** Relation states compared with a pure fold of the log (`chancery verify`), over all rounds. */
  foldChecks: number;
}

/**
 * Drives writes at full speed from many clients into the built service, kills it with SIGKILL at a random
 * moment, restarts it on the same data dir and checks the log and the read models, `kills` times. A write
 * cut off by a kill has an unknown outcome: it is retried after the restart with the same eventIds, as a
 * client would, and must then answer 200 (it had landed) or 201 (it had not).
 */
export async function crashLoop(dataDir: string, kills: number, seed = 1): Promise<CrashFigures> {
  const rnd = seeded(seed);
  const figures: CrashFigures = {
    kills: 0,
    acknowledgedWrites: 0,
    acknowledgedEvents: 0,
    retriedAfterKill: 0,
    eventsInLog: 0,
    foldChecks: 0,
  };
  const sent = new Map<string, Write['events'][number]>();
  const writes: Write[] = [];
  const acknowledged = new Set<string>();
  const retractable: string[] = [];
  const cutOff: Write[] = [];
  let generated = 0;

  const nextWrite = (): Write => {
    const r = rnd();
    if (r < 0.1 && retractable.length) {
      const target = retractable.splice(Math.floor(rnd() * retractable.length), 1)[0];
      const eventId = uuid();
      const body = { reason: `retracted in round ${figures.kills}`, eventId };
      return write(`/v1/events/${target}/retraction`, body, [
        { eventId, type: 'ActionRetracted', fields: { reason: body.reason } },
      ]);
    }
    const n = r < 0.3 ? 2 + Math.floor(rnd() * 19) : 1;
    // Each with its eventId, which the actions after it in the batch may name (a package).
    const actions = randomActions(n, seed * 1_000_003 + generated++).map((a) => ({ ...a, summary: `#${generated}` }));
    const events = actions.map(({ eventId, ...fields }) => ({ eventId: eventId!, type: fields.type, fields }));
    return n === 1 ? write('/v1/events', actions[0], events) : write('/v1/events/batch', { events: actions }, events);
  };
  const write = (path: string, body: Record<string, unknown>, events: Write['events']): Write => {
    for (const e of events) sent.set(e.eventId, e);
    const w: Write = { method: 'POST', path, body, events };
    writes.push(w);
    return w;
  };
  const settle = (w: Write, outcome: Outcome) => {
    if ('status' in outcome && (outcome.status === 201 || outcome.status === 200)) {
      figures.acknowledgedWrites++;
      for (const e of w.events) {
        acknowledged.add(e.eventId);
        if (e.type !== 'ActionRetracted') retractable.push(e.eventId);
      }
      return;
    }
    // No answer (killed), or 503 (the write may be durable, the read models not caught up): unknown.
    if ('error' in outcome || outcome.status === 503) return void cutOff.push(w);
    throw new Error(`${w.path} → ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 500)}`);
  };

  for (let round = 0; round <= kills; round++) {
    const service = await startService(dataDir, { LOG_LEVEL: 'error' });
    // Now and then the kill lands during start-up, while the read models may still be catching up.
    const early = round < kills && round > 0 && rnd() < 0.15;
    try {
      // First the writes a kill cut off, retried as a client would; then everything is checked.
      for (const w of early ? [] : cutOff.splice(0)) {
        const outcome = await send(service.url, w.method, w.path, w.body);
        if (!('status' in outcome) || (outcome.status !== 200 && outcome.status !== 201)) {
          throw new Error(`retry of ${w.path} after a kill → ${JSON.stringify(outcome).slice(0, 500)}`);
        }
        figures.retriedAfterKill++;
        settle(w, outcome);
      }
      if (!early) await checkAfterRestart(service.url, round === kills ? 12 : 2);
      if (round === kills) break;

      // Writers at full speed until the kill, which lands at a random moment.
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const w = nextWrite();
          settle(w, await send(service.url, w.method, w.path, w.body));
        }
      };
      const writers = Array.from({ length: 12 }, writer);
      await sleep(early ? rnd() * 50 : 100 + rnd() * 1400);
      killed = true;
      service.child.kill('SIGKILL');
      await service.exited;
      await Promise.all(writers);
      figures.kills++;
    } finally {
      if (service.child.exitCode === null && service.child.signalCode === null) {
        service.child.kill('SIGKILL');
        await service.exited;
      }
    }
  }
  figures.acknowledgedEvents = acknowledged.size;
  return figures;

  /** What must hold after every restart, before new writes. */
  async function checkAfterRestart(url: string, datesPerPair: number) {
    const api = new Api(url);
    const ready = async () => {
      const outcome = await send(url, 'GET', '/health');
      return 'status' in outcome && outcome.status === 200;
    };
    for (const deadline = Date.now() + 30_000; !(await ready()); await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the service did not catch up within 30 s of a restart');
    }
    const log: Record<string, unknown>[] = [];
    for await (const e of api.log(0)) log.push(e);
    figures.eventsInLog = log.length;

    // Gap-free, each event once.
    expect(log.map((e) => e.position)).toEqual(log.map((_, i) => i + 1));
    const inLog = new Map(log.map((e) => [e.eventId as string, e]));
    expect(inLog.size).toBe(log.length);
    // Every acknowledged event is there...
    const missing = [...acknowledged].filter((id) => !inLog.has(id));
    expect(missing).toEqual([]);
    // ...and every event there is one a client sent, whole: the fields it was sent with.
    for (const e of log) {
      const origin = sent.get(e.eventId as string);
      expect({ eventId: e.eventId, known: !!origin }).toEqual({ eventId: e.eventId, known: true });
      const { occurredAt, ...fields } = origin!.fields;
      expect(e).toMatchObject({
        ...fields,
        type: origin!.type,
        ...(occurredAt ? { occurredAt: at(occurredAt as string) } : {}),
      });
    }
    // A batch is all or nothing, whether or not its answer arrived.
    for (const w of writes) {
      const present = w.events.filter((e) => inLog.has(e.eventId)).length;
      expect({ path: w.path, present: present === 0 || present === w.events.length }).toEqual({
        path: w.path,
        present: true,
      });
    }
    // The read models have every event once: checkpoint at the head, and the same states as a pure fold.
    const { projections } = await api.ok<{ projections: { checkpoint: number; lag: number }[] }>(
      'GET',
      '/v1/projections',
    );
    expect(projections[0]).toMatchObject({ checkpoint: log.length, lag: 0 });
    const report = await verify(api, datesPerPair);
    figures.foldChecks += report.checks;
    expect(report.differences).toEqual([]);
    expect(await api.ok('GET', '/v1/admin/integrity')).toMatchObject({ ok: true, checked: log.length });
  }
}
