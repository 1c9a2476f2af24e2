import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, RunningApp, startApp } from './support/app';
import { action, expectError, expectStatus, readLog, record } from './support/ledger';
import { SEED_EPISODE, SEED_IDS } from './support/seed-episode';

/** The answers a restart must not change. */
async function snapshot(h: RunningApp) {
  const get = async (path: string) => expectStatus(await h.call('GET', path), 200, path).body;
  return {
    march20: await get('/v1/relations/JP/RU?asOf=2022-03-20'),
    march22: await get('/v1/relations/RU/JP?asOf=2022-03-22'),
    may: await get('/v1/relations/JP/RU?asOf=2022-05-05&include=lifted'),
    timeline: await get('/v1/relations/JP/RU/timeline'),
    country: await get('/v1/countries/RU/relations?asOf=2022-05-05'),
    log: await readLog(h),
  };
}

describe('restart on the same data dir', () => {
  let h: RunningApp;
  let dataDir: string;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let retraction: any;

  beforeAll(async () => {
    h = await startApp();
    dataDir = h.dataDir;
    for (const body of SEED_EPISODE) await record(h, body);
    // A mistake and its retraction, so the restart must keep amendments too.
    const mistake = await record(
      h,
      action({ type: 'DiplomatsExpelled', actor: 'RU', target: 'JP', occurredAt: '2022-03-21', details: { count: 3 } }),
    );
    retraction = expectStatus(
      await h.call('POST', `/v1/events/${mistake.eventId}/retraction`, { reason: 'no such expulsion' }),
      201,
    ).body;
    before = await snapshot(h);
    await h.close();
    h = await startApp({}, dataDir);
  });

  afterAll(async () => {
    await h?.close();
    removeDir(dataDir);
  });

  it('answers the same state, timeline, country view and log', async () => {
    const after = await snapshot(h);
    expect(after).toEqual(before);
    expect(after.march22.eventCount).toBe(8);
    expect(after.may.eventCount).toBe(9);
    expect(after.may.revision).toBe(10);
  });

  it('the projection resumes from its checkpoint: live, at the head, no event folded twice', async () => {
    const p = expectStatus(await h.call('GET', '/v1/projections'), 200).body.projections;
    const relations = p.find((x: any) => /relation/i.test(x.name));
    expect(relations).toEqual(expect.objectContaining({ status: 'live', lag: 0, checkpoint: retraction.position }));
    const s = (await h.call('GET', '/v1/relations/JP/RU?asOf=2022-05-05')).body;
    expect(s.eventCount).toBe(9);
    expect(s.incidents.DiplomatsExpelled ?? 0).toBe(0);
    expectStatus(await h.call('GET', '/health'), 200);
  });

  it('an idempotent retry of a write made before the restart answers 200 with the first answer', async () => {
    const first = before.log.find((e) => e.eventId === SEED_IDS.talksTerminated);
    const res = expectStatus(await h.call('POST', '/v1/events', SEED_EPISODE[4]), 200);
    expect(res.body).toEqual({
      eventId: first.eventId,
      pair: first.pair,
      revision: first.revision,
      position: first.position,
      recordedAt: first.recordedAt,
    });
  });

  it('a stale expectedRevision is still a 409 with the current revision', async () => {
    const res = await h.call(
      'POST',
      '/v1/events',
      action({ type: 'ProtestLodged', actor: 'JP', target: 'RU', expectedRevision: 3 }),
    );
    expectError(res, 409, 'expectedRevision');
    expect(res.body.currentRevision).toBe(10);
  });

  it('new writes continue the revisions and positions; the state counts each once', async () => {
    const last = before.log[before.log.length - 1];
    const w = expectStatus(
      await h.call(
        'POST',
        '/v1/events',
        action({ type: 'ProtestLodged', actor: 'JP', target: 'RU', occurredAt: '2022-06-01', expectedRevision: 10 }),
      ),
      201,
    ).body;
    expect(w.revision).toBe(11);
    expect(w.position).toBe(last.position + 1);
    expect(Date.parse(w.recordedAt)).toBeGreaterThanOrEqual(Date.parse(last.recordedAt));
    const other = await record(
      h,
      action({ type: 'ProtestLodged', actor: 'KR', target: 'JP', occurredAt: '2022-06-02' }),
    );
    expect(other.revision).toBe(0);
    expect(other.position).toBe(last.position + 2);
    const s = (await h.call('GET', '/v1/relations/RU/JP')).body;
    expect(s.eventCount).toBe(10);
    expect(s.revision).toBe(11);
    expect(s.incidents.ProtestLodged).toBe(1);
  });

  it('a second restart after new writes: still each event once', async () => {
    const mid = await snapshot(h);
    await h.close();
    h = await startApp({}, dataDir);
    expect(await snapshot(h)).toEqual(mid);
    expect((await h.call('GET', '/v1/relations/RU/JP')).body.eventCount).toBe(10);
  });

  it('a lost read store is rebuilt from the log on start', async () => {
    // Relies on the layout of DATA_DIR: the read store in read.db*, the event log elsewhere.
    const whole = await snapshot(h);
    await h.close();
    const readFiles = readdirSync(dataDir).filter((f) => f.startsWith('read'));
    expect(readFiles.length).toBeGreaterThan(0);
    for (const f of readFiles) rmSync(join(dataDir, f));
    h = await startApp({}, dataDir);
    // Reads after start-up see the whole log: /health is 200 only once the projections caught up.
    for (let i = 0; i < 50 && (await h.call('GET', '/health')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await snapshot(h)).toEqual(whole);
  });
});
