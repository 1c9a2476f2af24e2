import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTION_VERSION } from '../src/projections/generation-files';
import { client, removeDir, RunningApp, startApp } from './support/app';
import { startService } from './support/process';
import { randomActions, SAMPLE_DATES, SAMPLE_PAIRS } from './support/random-history';
import { describeSqlite } from './support/sqlite-only';

const post = (url: string, path: string, body?: unknown) => client(url)('POST', path, body);
const get = (url: string, path: string) => client(url)('GET', path);
/** The relations projection's status, and its last rebuild's progress. */
const projection = async (url: string) => (await get(url, '/v1/projections')).body.projections[0];
/** The read-store generations in a data dir. */
const generations = (dir: string) => readdirSync(dir).filter((f) => /^read-\d+\.db$/.test(f));

/** The answers a rebuild must leave unchanged: several pairs, dates and both times. */
async function picture(url: string) {
  const answers: unknown[] = [];
  for (const [a, b] of SAMPLE_PAIRS) {
    for (const d of SAMPLE_DATES) {
      const r = await get(url, `/v1/relations/${a}/${b}?asOf=${d}&knownAt=2100-01-01&include=lifted,suspended,lapsed`);
      expect(r.status).toBe(200);
      answers.push(r.body);
    }
  }
  // The sanctions read model too: every package of a target, in every status, on each date.
  for (const d of SAMPLE_DATES) {
    const r = await get(url, `/v1/sanctions?target=RU&asOf=${d}&status=active,suspended,lapsed,lifted&limit=1000`);
    expect(r.status).toBe(200);
    answers.push(r.body);
  }
  return answers;
}

async function load(url: string, n: number, seed: number) {
  const actions = randomActions(n, seed);
  for (let i = 0; i < actions.length; i += 5000) {
    const r = await post(url, '/v1/events/batch', { events: actions.slice(i, i + 5000) });
    expect(r.status).toBe(201);
  }
  // Some amendments, so the rebuild replays retractions and corrections too.
  const log = await get(url, '/v1/events?after=0&limit=50');
  for (const e of log.body.events.slice(0, 10)) {
    expect((await post(url, `/v1/events/${e.eventId}/retraction`, { reason: 'test' })).status).toBe(201);
  }
  for (const e of log.body.events.slice(10, 20)) {
    // Earlier than every generated action, so no generated expiry or suspension falls before its action.
    const fix = { occurredAt: '1999-05-05', reason: 'test' };
    expect((await post(url, `/v1/events/${e.eventId}/correction`, fix)).status).toBe(201);
  }
}

const waitUntil = async (check: () => Promise<boolean>, ms = 60_000) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (await check()) return;
  }
  throw new Error('timed out');
};

describe('rebuilding the read models without downtime', () => {
  let h: RunningApp;
  beforeAll(async () => {
    h = await startApp();
    await load(h.url, 20_000, 7);
  }, 120_000);
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  it('keeps answering, consistently, while it runs; ends with identical read models', async () => {
    const before = await picture(h.url);
    const started = await post(h.url, '/v1/projections/rebuild');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ id: expect.any(String), startedAt: expect.any(String) });

    const second = await post(h.url, '/v1/projections/rebuild');
    expect(second.status).toBe(409);
    expect(second.body.rebuild.id).toBe(started.body.id);

    let readsDuring = 0;
    let sawProgress = false;
    for (;;) {
      const p = await projection(h.url);
      if (p.rebuild.finishedAt) break;
      expect(p.status).toBe('rebuilding');
      if (p.rebuild.processed > 0 && p.rebuild.total >= p.rebuild.processed) sawProgress = true;
      const [a, b] = SAMPLE_PAIRS[readsDuring % SAMPLE_PAIRS.length];
      const r = await get(
        h.url,
        `/v1/relations/${a}/${b}?asOf=2012-12-31&knownAt=2100-01-01&include=lifted,suspended,lapsed`,
      );
      expect(r.status).toBe(200);
      expect(r.body).toEqual(before[(readsDuring % SAMPLE_PAIRS.length) * SAMPLE_DATES.length + 2]);
      readsDuring++;
    }
    expect(readsDuring).toBeGreaterThan(0);
    expect(sawProgress).toBe(true);
    const after = await projection(h.url);
    expect(after).toMatchObject({ status: 'live', lag: 0 });
    expect(after.rebuild.processed).toBe(20_020);
    expect(after.rebuild.error).toBeUndefined();
    expect(await picture(h.url)).toEqual(before);
    expect(generations(h.dataDir)).toEqual(['read-2.db']);
  }, 120_000);

  it('takes writes made during the rebuild', async () => {
    const started = await post(h.url, '/v1/projections/rebuild');
    expect(started.status).toBe(202);
    const w = await post(h.url, '/v1/events', {
      type: 'DiplomaticRelationsSevered',
      actor: 'SE',
      target: 'KP',
      occurredAt: '2024-01-01',
    });
    expect(w.status).toBe(201);
    expect((await get(h.url, '/v1/relations/SE/KP')).body.diplomaticRelations.status).toBe('severed');
    await waitUntil(async () => !!(await projection(h.url)).rebuild.finishedAt);
    expect((await get(h.url, '/v1/relations/SE/KP')).body.diplomaticRelations.status).toBe('severed');
  }, 120_000);
});

// The built service in a process of its own, on its embedded store: the same on both jest projects, so run once.
describeSqlite('a rebuild killed mid-way', () => {
  it('leaves the old read models serving, and the restart serves the same state', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chancery-kill-'));
    try {
      let service = await startService(dataDir);
      await load(service.url, 20_000, 11);
      const before = await picture(service.url);
      expect((await post(service.url, '/v1/projections/rebuild')).status).toBe(202);
      await waitUntil(async () => (await projection(service.url)).rebuild.processed > 0);
      expect((await projection(service.url)).rebuild.finishedAt).toBeUndefined();
      service.child.kill('SIGKILL');
      expect(await service.exited).toBeNull();
      expect(generations(dataDir)).toEqual(['read-1.db', 'read-2.db']);

      service = await startService(dataDir);
      expect((await get(service.url, '/health')).status).toBe(200);
      expect(await picture(service.url)).toEqual(before);
      expect(generations(dataDir)).toEqual(['read-1.db']);
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    } finally {
      removeDir(dataDir);
    }
  }, 120_000);
});

describe('a shutdown during a rebuild', () => {
  it('stops the rebuild and removes its generation; the restart serves the same state', async () => {
    let h = await startApp();
    const { dataDir } = h;
    try {
      await load(h.url, 20_000, 13);
      const before = await picture(h.url);
      expect((await post(h.url, '/v1/projections/rebuild')).status).toBe(202);
      await waitUntil(async () => (await projection(h.url)).rebuild.processed > 0);
      await h.close();
      expect(generations(dataDir)).toEqual(['read-1.db']);

      h = await startApp({}, dataDir);
      expect(await picture(h.url)).toEqual(before);
      expect(await projection(h.url)).toMatchObject({ status: 'live', lag: 0 });
    } finally {
      await h.close();
      removeDir(dataDir);
    }
  }, 120_000);
});

describe('a read store written by another projection version', () => {
  it('is set aside at start-up, and the read models are rebuilt from the log', async () => {
    let h = await startApp();
    await load(h.url, 3000, 5);
    const before = await picture(h.url);
    await h.close();
    const pointer = join(h.dataDir, 'read-models.json');
    writeFileSync(pointer, JSON.stringify({ ...JSON.parse(readFileSync(pointer, 'utf8')), version: 0 }));
    h = await startApp({}, h.dataDir);
    try {
      await waitUntil(async () => !!(await projection(h.url)).rebuild?.finishedAt);
      const { rebuild } = await projection(h.url);
      expect(rebuild).toMatchObject({ reason: 'the projection version changed', processed: 3020 });
      expect(await picture(h.url)).toEqual(before);
      // read-2.db: the empty generation the service started on; read-3.db: the one the rebuild filled.
      expect(JSON.parse(readFileSync(pointer, 'utf8'))).toEqual({ file: 'read-3.db', version: PROJECTION_VERSION });
      expect(generations(h.dataDir)).toEqual(['read-3.db']);
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  }, 60_000);
});

describe('read models deleted while the log is kept', () => {
  it('are refilled from the log at start-up, and reads wait for them', async () => {
    let h = await startApp();
    await load(h.url, 3000, 6);
    const before = await picture(h.url);
    await h.close();
    for (const f of readdirSync(h.dataDir).filter((f) => f.startsWith('read-'))) rmSync(join(h.dataDir, f));
    h = await startApp({}, h.dataDir);
    try {
      // Asked at once: the answer waits for the fill instead of showing empty read models.
      expect(await picture(h.url)).toEqual(before);
      const { rebuild } = await projection(h.url);
      expect(rebuild).toMatchObject({ reason: 'the read models are empty', phase: 'done', processed: 3020 });
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  }, 60_000);
});
