import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, RunningApp, startApp } from './support/app';
import { chancery } from './support/cli';
import { action, expectStatus, readLog, sleep, uuid } from './support/ledger';
import { randomActions } from './support/random-history';
import { describeSqlite } from './support/sqlite-only';
import { rewrite, truncate } from './support/tamper';

describeSqlite('backup while writes go on, restore into a new data dir', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'chancery-backup-'));
  const out = join(tmp, 'backup');
  const fresh = join(tmp, 'restored');
  let source: RunningApp;
  let restored: RunningApp;
  let manifest: { events: number; head: { position: number; hash: string } };
  const acknowledgedAt: number[] = [];
  let backupWindow: [number, number];

  beforeAll(async () => {
    source = await startApp();
    expectStatus(await source.call('POST', '/v1/events/batch', { events: randomActions(3000, 11) }), 201);
    let writing = true;
    const writer = async () => {
      for (let i = 0; writing; i++) {
        const body = action({ type: i % 2 ? 'ProtestLodged' : 'DiplomatsExpelled', eventId: uuid() });
        if ((await source.call('POST', '/v1/events', body)).status === 201) acknowledgedAt.push(Date.now());
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await sleep(300);
    const started = Date.now();
    const backup = await chancery('backup', '--data-dir', source.dataDir, '--out', out);
    backupWindow = [started, Date.now()];
    await sleep(300);
    writing = false;
    await Promise.all(writers);
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/backed up \d+ events/) });
    manifest = JSON.parse(readFileSync(join(out, 'backup.json'), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    await restored?.close();
    removeDir(source.dataDir);
    removeDir(tmp);
  });

  it('was taken while the service went on acknowledging writes', () => {
    const during = acknowledgedAt.filter((t) => t >= backupWindow[0] && t <= backupWindow[1]);
    console.log(`backup: ${manifest.events} events copied while ${during.length} writes were acknowledged`);
    expect(during.length).toBeGreaterThan(0);
    expect(acknowledgedAt.filter((t) => t > backupWindow[1]).length).toBeGreaterThan(0);
  });

  it('is a consistent snapshot: exactly the first N events of the log, byte for byte, chain included', () => {
    const rows = (file: string, n: number) => {
      const db = new Database(file, { readonly: true });
      const all = db.prepare('SELECT * FROM events WHERE position <= ? ORDER BY position').all(n);
      db.close();
      return all;
    };
    expect(manifest.events).toBeGreaterThanOrEqual(3000);
    const copy = rows(join(out, 'events.db'), Number.MAX_SAFE_INTEGER);
    expect(copy.length).toBe(manifest.events);
    expect(copy).toEqual(rows(join(source.dataDir, 'events.db'), manifest.events));
    expect(copy.at(-1)).toMatchObject({ position: manifest.head.position, hash: manifest.head.hash });
  });

  it('restores into a new data dir; the service rebuilds its read models from the log at start', async () => {
    const restore = await chancery('restore', '--from', out, '--data-dir', fresh);
    expect(restore).toMatchObject({ code: 0, stdout: expect.stringContaining(`restored ${manifest.events} events`) });
    restored = await startApp({}, fresh);
    for (let i = 0; i < 100 && (await restored.call('GET', '/health')).status !== 200; i++) await sleep(100);
    expectStatus(await restored.call('GET', '/health'), 200);
    const log = await readLog(restored);
    expect(log).toEqual((await readLog(source)).slice(0, manifest.events));
    expect(expectStatus(await restored.call('GET', '/v1/admin/integrity'), 200).body).toMatchObject({
      ok: true,
      head: manifest.head,
    });
    // The read models agree with a pure fold of the restored log.
    const verify = await chancery('--url', restored.url, 'verify', '--dates', '4');
    expect(verify.stdout).toMatch(/, 0 differences/);
    expect(verify.code).toBe(0);
    // It signs as the same log, with the key the backup carried: a checkpoint the source signed verifies against it.
    const keyFile = (dir: string) => join(dir, 'checkpoint-key.pem');
    expect(statSync(keyFile(fresh)).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile(fresh))).toEqual(readFileSync(keyFile(source.dataDir)));
    const kept = join(tmp, 'kept-checkpoint.json');
    writeFileSync(
      kept,
      JSON.stringify(
        expectStatus(await source.call('GET', `/v1/log/checkpoint?treeSize=${manifest.events}`), 200).body,
      ),
    );
    const checked = await chancery('--url', restored.url, 'verify', '--checkpoint', kept);
    expect(checked).toMatchObject({ code: 0, stdout: expect.stringContaining('only appended to since') });
  });

  it('refuses to restore over a data dir that is not empty, or to back up over a backup', async () => {
    const again = await chancery('restore', '--from', out, '--data-dir', fresh);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('is not empty');
    const over = await chancery('backup', '--data-dir', source.dataDir, '--out', out);
    expect(over.code).not.toBe(0);
    expect(over.stderr).toContain('exists already');
  });

  it('refuses to restore a backup whose manifest disagrees with it: the last events cut off, naming the first missing', async () => {
    const cut = join(tmp, 'cut');
    expect((await chancery('backup', '--data-dir', source.dataDir, '--out', cut)).code).toBe(0);
    const { events } = JSON.parse(readFileSync(join(cut, 'backup.json'), 'utf8'));
    // Cut, and the file put back in order, so that nothing in it shows the cut.
    truncate(join(cut, 'events.db'), events - 10);
    const bad = await chancery('restore', '--from', cut, '--data-dir', join(tmp, 'never-cut'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`the events from position ${events - 9} on are missing`);

    // Rewritten, every hash recomputed: the chains check, the manifest's head does not.
    const redone = join(tmp, 'redone');
    expect((await chancery('backup', '--data-dir', source.dataDir, '--out', redone)).code).toBe(0);
    const summary = (row: { data: string }) => JSON.stringify({ ...JSON.parse(row.data), summary: 'rewritten' });
    rewrite(join(redone, 'events.db'), (row) => (row.position === 42 ? { ...row, data: summary(row) } : undefined));
    const rewritten = await chancery('restore', '--from', redone, '--data-dir', join(tmp, 'never-redone'));
    expect(rewritten.code).not.toBe(0);
    expect(rewritten.stderr).toMatch(/disagrees with its manifest .*were rewritten/);
  });

  it('refuses to restore a backup that fails its hash chain, naming the event', async () => {
    const db = new Database(join(out, 'events.db'));
    db.exec('DROP TRIGGER events_no_update');
    db.prepare(`UPDATE events SET type = 'DiplomaticRelationsSevered' WHERE position = 42`).run();
    db.close();
    const bad = await chancery('restore', '--from', out, '--data-dir', join(tmp, 'never'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/fails its integrity check: first bad event at position 42/);
  });
});
