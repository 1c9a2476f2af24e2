import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, RunningApp, startApp } from './support/app';
import { expectStatus, sleep } from './support/ledger';

const FIXTURE = join(__dirname, 'fixtures', 'v1-release');

interface Recorded {
  recordedWith: string;
  answers: { path: string; body: unknown }[];
}

// The fixture is a SQLite data directory: once, on the default store.
const describeOnce = process.env.E2E_EVENT_STORE === 'eventstoredb' ? describe.skip : describe;

/** v1's relations that no action had set: `normal`, with neither a date nor an event. */
const isV1Default = (x: any) => x?.status === 'normal' && x.since === null && x.eventId === null;

/**
 * The one change of contract the README documents ("Relations nothing recorded"): relations that no action
 * set read `unrecorded` where v1 answered `normal`. In a state, a change or a timeline's effect that is v1's
 * default value; in a party's row, `diplomaticRelations: 'normal'` of a counterpart whose state (on the same
 * asOf, as known at the same knownAt) has no action behind its relations. Nothing else may differ.
 */
async function asDocumented(path: string, body: any, ask: (path: string) => Promise<any>): Promise<any> {
  const rewrite = (x: any): any =>
    Array.isArray(x)
      ? x.map(rewrite)
      : x && typeof x === 'object'
        ? isV1Default(x)
          ? { ...x, status: 'unrecorded' }
          : Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rewrite(v)]))
        : x;
  if (!path.startsWith('/v1/countries/')) return rewrite(body);
  const q = `asOf=${encodeURIComponent(body.asOf)}&knownAt=${encodeURIComponent(body.knownAt)}`;
  const counterparts = [];
  for (const row of body.counterparts) {
    const state = await ask(`/v1/relations/${body.code}/${row.counterpart}?${q}`);
    const unset = row.diplomaticRelations === 'normal' && state.diplomaticRelations.since === null;
    counterparts.push(unset ? { ...row, diplomaticRelations: 'unrecorded' } : row);
  }
  return { ...body, counterparts };
}

/**
 * The log is forever: a data directory written by the release of commit 3300842 (its event store and its
 * read store, of projection version 2) is opened by this release, which rebuilds its read models at
 * start-up, and every question that release answered is answered the same, but for the one documented
 * change (`asDocumented`). An answer may gain fields; none it had may change or go (`toMatchObject`: arrays
 * keep their length and order).
 */
describeOnce('upgrade: a data directory of the previous release', () => {
  const recorded = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as Recorded;
  let app: RunningApp;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chancery-upgrade-'));
    cpSync(join(FIXTURE, 'data'), dir, { recursive: true });
    app = await startApp({}, dir);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (app) removeDir(app.dataDir);
  });

  it('opens it and rebuilds the read models of the older projection version', async () => {
    expect(recorded.recordedWith).toBe('3300842');
    // The read models of version 2 are set aside and filled anew: /health says 503 until they are.
    for (let i = 0; i < 100 && (await app.call('GET', '/health')).status !== 200; i++) await sleep(100);
    expectStatus(await app.call('GET', '/health'), 200);
    const { body } = expectStatus(await app.call('GET', '/v1/projections'), 200);
    expect(body.projections[0]).toMatchObject({
      checkpoint: 86,
      rebuild: { reason: 'the projection version changed', processed: 86 },
    });
  });

  it(`answers each of the release's recorded questions as it did`, async () => {
    expect(recorded.answers.length).toBeGreaterThan(500);
    const ask = async (path: string) => expectStatus(await app.call('GET', path), 200).body;
    let unrecorded = 0;
    for (const { path, body } of recorded.answers) {
      const res = await app.call('GET', path);
      expect([path, res.status]).toEqual([path, 200]);
      const expected = await asDocumented(path, body, ask);
      if (JSON.stringify(expected) !== JSON.stringify(body)) unrecorded++;
      expect({ path, body: res.body }).toMatchObject({ path, body: expected });
    }
    // The change is there to be seen: many of the recorded answers showed v1's default.
    expect(unrecorded).toBeGreaterThan(100);
  });

  it('says unrecorded exactly where v1 said normal for relations that no action set', async () => {
    const v1 = recorded.answers.find((a) => a.path === '/v1/relations/JP/RU?asOf=2018-11-14')!.body as any;
    expect(isV1Default(v1.diplomaticRelations)).toBe(true);
    const now = expectStatus(await app.call('GET', '/v1/relations/JP/RU?asOf=2018-11-14'), 200).body;
    expect(now.diplomaticRelations).toMatchObject({ status: 'unrecorded', since: null, eventId: null, by: null });
  });
});
