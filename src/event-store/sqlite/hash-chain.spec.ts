import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventRecord } from '../event-record';
import { chainHash, GENESIS } from './hash-chain';
import { COLUMNS } from './open-database';
import { SqliteEventStore } from './sqlite-event-store';
import { verifyChain } from './verify-chain';

const event = (eventId: string, n = 0) => ({ eventId, type: 'Tick', data: { n }, metadata: { recordedBy: 'test' } });

/** Six events over two streams: a1 b1 a2 b2 a3 b3 (positions 1 to 6). */
async function sixEvents(file: string) {
  const store = new SqliteEventStore(file);
  for (let i = 1; i <= 3; i++) {
    await store.append([{ stream: 'a', events: [event(`a${i}`, i)], expectedRevision: 'any' }]);
    await store.append([{ stream: 'b', events: [event(`b${i}`, i)], expectedRevision: 'any' }]);
  }
  return store;
}

/** Another connection edits the file behind the store's back, as an intruder with file access would. */
function tamper(file: string, sql: string) {
  const db = new Database(file);
  for (const t of ['events_no_update', 'events_no_delete', 'log_chain_no_update', 'log_chain_no_delete']) {
    db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  }
  db.exec(sql);
  db.close();
}

describe('the hash chain of the SQLite store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chancery-chain-'));
    file = join(dir, 'events.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an untouched log verifies, up to its head', async () => {
    const store = await sixEvents(file);
    const report = await store.verifyIntegrity();
    expect(report).toEqual({
      ok: true,
      checked: 6,
      head: {
        position: 6,
        eventId: 'b3',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        logHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      problems: [],
    });
    await store.close();
  });

  it('chains each event to the previous one of its stream, also for appends committed together', async () => {
    const store = new SqliteEventStore(file);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.append([{ stream: `s${i % 7}`, events: [event(`e${i}`), event(`f${i}`)], expectedRevision: 'any' }]),
      ),
    );
    expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 400 });
    const hashes = new Database(file, { readonly: true }).prepare('SELECT hash FROM events').pluck().all();
    expect(new Set(hashes).size).toBe(400);
    await store.close();
  });

  it('an UPDATE made behind its back names the changed event, and the dropped triggers', async () => {
    const store = await sixEvents(file);
    tamper(file, `UPDATE events SET data = '{"n":99}' WHERE event_id = 'a2'`);
    const report = await store.verifyIntegrity();
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(2);
    expect(report.firstBad).toMatchObject({ position: 3, eventId: 'a2', stream: 'a', revision: 1 });
    expect(report.firstBad!.problem).toMatch(/hash does not match/);
    expect(report.problems).toEqual([
      expect.stringContaining('events_no_update is missing'),
      expect.stringContaining('events_no_delete is missing'),
      expect.stringContaining('log_chain_no_update is missing'),
      expect.stringContaining('log_chain_no_delete is missing'),
    ]);
    await store.close();
  });

  it('a forger who recomputes its stream’s chain from the edit on is caught at the edit by the whole-log chain', async () => {
    // Once passed: the chain was per stream, and the head's hash (b3's) the same as before.
    const store = await sixEvents(file);
    const db = new Database(file);
    const a1 = db.prepare(`SELECT hash FROM events WHERE event_id = 'a1'`).pluck().get() as string;
    const a2 = db.prepare(`SELECT ${COLUMNS} FROM events WHERE event_id = 'a2'`).get() as EventRecord;
    const a3 = db.prepare(`SELECT ${COLUMNS} FROM events WHERE event_id = 'a3'`).get() as EventRecord;
    db.close();
    const forged = { ...a2, data: '{"n":99}' };
    const a2Hash = chainHash(a1, forged);
    tamper(
      file,
      `UPDATE events SET data = '{"n":99}', hash = '${a2Hash}' WHERE event_id = 'a2';
       UPDATE events SET hash = '${chainHash(a2Hash, a3)}' WHERE event_id = 'a3'`,
    );
    const report = await store.verifyIntegrity();
    expect(report.firstBad).toMatchObject({ position: 3, eventId: 'a2' });
    expect(report.firstBad!.problem).toMatch(/whole-log chain/);
    await store.close();
  });

  it('a forger who recomputes both chains passes the check, but not the head kept before: what kept checkpoints are for', async () => {
    const store = await sixEvents(file);
    const kept = (await store.verifyIntegrity()).head!;
    const db = new Database(file);
    const rows = db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY position`).all() as EventRecord[];
    db.close();
    rows[2] = { ...rows[2], data: '{"n":99}' };
    const [streams, updates] = [new Map<string, string>(), [] as string[]];
    let log = GENESIS;
    for (const row of rows) {
      const hash = chainHash(streams.get(row.stream) ?? GENESIS, row);
      streams.set(row.stream, hash);
      log = chainHash(log, row);
      updates.push(
        `UPDATE events SET data = '${row.data}', hash = '${hash}' WHERE position = ${row.position};`,
        `UPDATE log_chain SET hash = '${log}' WHERE position = ${row.position};`,
      );
    }
    tamper(file, updates.join('\n'));
    const report = await store.verifyIntegrity();
    expect(report.firstBad).toBeUndefined();
    expect(report.head).toMatchObject({ position: kept.position, eventId: kept.eventId });
    expect(report.head!.logHash).not.toBe(kept.logHash);
    await store.close();
  });

  it('events cut off the end, their links left, are named; cut with their links, the head differs from the one kept', async () => {
    const store = await sixEvents(file);
    const kept = (await store.verifyIntegrity()).head!;
    tamper(file, `DELETE FROM events WHERE position > 4`);
    const report = await store.verifyIntegrity();
    expect(report.problems).toContainEqual(expect.stringMatching(/position 5 .*from position 5 on were removed/));
    tamper(file, `DELETE FROM log_chain WHERE position > 4`);
    const cut = await store.verifyIntegrity();
    expect(cut.problems.filter((p) => /removed/.test(p))).toEqual([]);
    expect(cut.head!.position).toBeLessThan(kept.position);
    await store.close();
  });

  it('a deleted event is named by the position that follows the gap', async () => {
    const store = await sixEvents(file);
    tamper(file, `DELETE FROM events WHERE event_id = 'b1'`);
    const report = await store.verifyIntegrity();
    expect(report.firstBad).toMatchObject({ position: 3, eventId: 'a2' });
    expect(report.firstBad!.problem).toMatch(/position 3 follows position 1: events are missing/);
    await store.close();
  });

  it('an event slipped in without the chain is caught', async () => {
    const store = await sixEvents(file);
    tamper(
      file,
      `INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, hash)
       VALUES (7, 'forged', 'a', 3, 'Tick', '{}', '{}', 0, 'feed')`,
    );
    expect((await store.verifyIntegrity()).firstBad).toMatchObject({ position: 7, eventId: 'forged' });
    await store.close();
  });

  it('a log written before the chain existed gets its chain when opened, and verifies', async () => {
    const legacy = new Database(file);
    legacy.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
        revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
        recorded_at INTEGER NOT NULL, UNIQUE (stream, revision));
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      INSERT INTO events VALUES (1, 'old1', 's', 0, 'Tick', '{}', '{}', 1), (2, 'old2', 's', 1, 'Tick', '{}', '{}', 2);
    `);
    legacy.close();
    const store = new SqliteEventStore(file);
    await store.append([{ stream: 's', events: [event('new')], expectedRevision: 1 }]);
    expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 3, problems: [] });
    expect(() => new Database(file).prepare(`UPDATE events SET type = 'x'`).run()).toThrow('append-only');
    await store.close();
  });

  it('a log written before the whole-log chain existed gets it when opened, its events untouched, and verifies', async () => {
    await (await sixEvents(file)).close();
    const db = new Database(file);
    db.exec('DROP TABLE log_chain'); // triggers go with it: the file as the previous release wrote it
    const before = db.prepare('SELECT * FROM events ORDER BY position').all();
    db.close();
    // A backup in that shape checks, by its per-stream chains.
    expect(await verifyChain(file)).toMatchObject({ ok: true, checked: 6, problems: [] });
    const store = new SqliteEventStore(file);
    await store.append([{ stream: 'a', events: [event('a4')], expectedRevision: 2 }]);
    const report = await store.verifyIntegrity();
    expect(report).toMatchObject({ ok: true, checked: 7, problems: [], head: { logHash: expect.any(String) } });
    await store.close();
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT * FROM events WHERE position <= 6 ORDER BY position').all()).toEqual(before);
    expect(after.prepare('SELECT COUNT(*) FROM log_chain').pluck().get()).toBe(7);
    after.close();
  });

  it('checks a file with no store open on it (a backup)', async () => {
    await (await sixEvents(file)).close();
    expect(await verifyChain(file)).toMatchObject({ ok: true, checked: 6 });
  });
});
