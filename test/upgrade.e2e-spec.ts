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

/**
 * The log is forever: a data directory written by the release of commit 3300842 (its event store and its
 * read store, of projection version 2) is opened by this release, which rebuilds its read models at
 * start-up, and every question that release answered is answered the same. An answer may gain fields;
 * none it had may change or go (`toMatchObject`: arrays keep their length and order).
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
    for (const { path, body } of recorded.answers) {
      const res = await app.call('GET', path);
      expect([path, res.status]).toEqual([path, 200]);
      expect({ path, body: res.body }).toMatchObject({ path, body });
    }
  });
});
