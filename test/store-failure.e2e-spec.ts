import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, RunningApp, startApp } from './support/app';
import { action, expectError, expectStatus, logHead, record, sleep } from './support/ledger';
import { describeSqlite } from './support/sqlite-only';

/**
 * Real failures, not mocks: a file system with no room left (a small tmpfs), a file no one may write,
 * not even root (chattr +i), and a write lock held by another connection. Mounting and chattr need
 * root, as the tests run here and in CI.
 */
const describeAsRoot = process.getuid?.() === 0 ? describeSqlite : describe.skip;

/** While the condition holds: writes answer 503 with a message and Retry-After, reads go on, /health is 503. */
async function expectUnavailable(h: RunningApp, message: string | RegExp) {
  const head = await logHead(h);
  for (const body of [action({ type: 'ProtestLodged' }), action({ type: 'DiplomatsExpelled' })]) {
    const res = await h.call('POST', '/v1/events', body);
    expectError(res, 503, 'the event store is unavailable', message, 'retry later');
    expect(res.headers.get('retry-after')).toBe('5');
  }
  const health = expectStatus(await h.call('GET', '/health'), 503);
  expect(health.text).toMatch(message);
  expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200);
  expect(await logHead(h)).toEqual(head);
}

/** Once the condition clears, with no restart: /health is 200 first (it probes by itself), then writes land. */
async function expectRecovered(h: RunningApp) {
  expectStatus(await h.call('GET', '/health'), 200);
  const head = await logHead(h);
  const written = await record(h, action({ type: 'ProtestLodged', actor: 'JP', target: 'RU' }));
  expect(written.position).toBe(head.count + 1);
  expectStatus(await h.call('GET', '/health'), 200);
}

describeAsRoot('failure of the store: 503 with Retry-After meanwhile, recovery by itself after', () => {
  describe('a full disk', () => {
    let mountPoint: string;
    let h: RunningApp;
    beforeAll(async () => {
      mountPoint = mkdtempSync(join(tmpdir(), 'chancery-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
      h = await startApp({}, mountPoint);
      await record(h, action());
      // A read waits for the write's projection: done before the disk fills, which would stop the read store too.
      expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200);
    });
    afterAll(async () => {
      await h?.close();
      execFileSync('umount', [mountPoint]);
      removeDir(mountPoint);
    });

    it('answers 503 "the disk is full" until there is room again', async () => {
      const filler = join(mountPoint, 'filler');
      expect(() => writeFileSync(filler, Buffer.alloc(16 << 20))).toThrow(/ENOSPC/);
      await expectUnavailable(h, 'the disk is full (SQLITE_FULL)');
      rmSync(filler);
      await expectRecovered(h);
    });
  });

  describe('a file that cannot be written', () => {
    let h: RunningApp;
    const files = () => ['events.db', 'events.db-wal'].map((f) => join(h.dataDir, f));
    beforeAll(async () => {
      h = await startApp();
      await record(h, action());
    });
    afterAll(async () => {
      execFileSync('chattr', ['-i', ...files()]);
      await h?.close();
      removeDir(h.dataDir);
    });

    it('answers 503 "cannot be written" while the file is immutable (root included), then recovers', async () => {
      execFileSync('chattr', ['+i', ...files()]);
      await expectUnavailable(h, 'the database file cannot be written');
      execFileSync('chattr', ['-i', ...files()]);
      await expectRecovered(h);
    });
  });

  describe('a database locked by another connection', () => {
    let h: RunningApp;
    let holder: Database.Database;
    beforeAll(async () => {
      h = await startApp();
      await record(h, action());
      holder = new Database(join(h.dataDir, 'events.db'));
    });
    afterAll(async () => {
      holder.close();
      await h?.close();
      removeDir(h.dataDir);
    });

    it('answers 503 "locked" while another connection holds the write lock, then recovers', async () => {
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      await expectUnavailable(h, 'the database is locked by another connection (SQLITE_BUSY)');
      // Each write waits the busy timeout (1 s) at most: the lock does not hang the service.
      expect(Date.now() - started).toBeLessThan(10_000);
      holder.exec('ROLLBACK');
      await sleep(10);
      await expectRecovered(h);
    });
  });
});
