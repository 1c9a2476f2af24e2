import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventRecord } from '../event-record';
import { chainHash } from './hash-chain';
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
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete');
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
      head: { position: 6, eventId: 'b3', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
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
    ]);
    await store.close();
  });

  it('a forger who recomputes the changed event’s own hash is caught at the next event of its stream', async () => {
    const store = await sixEvents(file);
    const db = new Database(file);
    const a1 = db.prepare(`SELECT hash FROM events WHERE event_id = 'a1'`).pluck().get() as string;
    const a2 = db.prepare(`SELECT ${COLUMNS} FROM events WHERE event_id = 'a2'`).get() as EventRecord;
    db.close();
    const forged = { ...a2, data: '{"n":99}' };
    tamper(file, `UPDATE events SET data = '{"n":99}', hash = '${chainHash(a1, forged)}' WHERE event_id = 'a2'`);
    expect((await store.verifyIntegrity()).firstBad).toMatchObject({ position: 5, eventId: 'a3' });
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

  it('checks a file with no store open on it (a backup)', async () => {
    await (await sixEvents(file)).close();
    expect(await verifyChain(file)).toMatchObject({ ok: true, checked: 6 });
  });
});
