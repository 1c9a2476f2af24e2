import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../event-store.contract';
import { StoreUnavailableError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { toStoreError } from './sqlite-errors';

const tempDir = () => mkdtempSync(join(tmpdir(), 'chancery-events-'));
const removeDir = (dir: string) => async () => rmSync(dir, { recursive: true, force: true });

describeEventStoreContract('sqlite', async (clock) => {
  const dir = tempDir();
  return { store: new SqliteEventStore(join(dir, 'events.db'), clock), cleanup: removeDir(dir) };
});

describe('SqliteEventStore', () => {
  let dir: string;
  let file: string;
  const event = (eventId: string) => ({ eventId, type: 'SomethingHappened', data: { eventId }, metadata: {} });

  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'events.db');
  });
  afterEach(() => removeDir(dir)());

  it('refuses UPDATE and DELETE on the events table, from any connection', async () => {
    const store = new SqliteEventStore(file);
    await store.append([{ stream: 's', events: [event('a')], expectedRevision: 'any' }]);
    const other = new Database(file);
    try {
      expect(() => other.prepare(`UPDATE events SET type = 'Forged'`).run()).toThrow('events are append-only');
      expect(() => other.prepare(`DELETE FROM events`).run()).toThrow('events are append-only');
    } finally {
      other.close();
    }
    expect(await store.readEvent('a')).toMatchObject({ type: 'SomethingHappened' });
    await store.close();
  });

  it('finds an event by its id in any case: an upper-cased id stored before ids were kept in lower case', async () => {
    const store = new SqliteEventStore(file);
    const [stored] = await store.append([{ stream: 's', events: [event('ABC-1')], expectedRevision: 'any' }]);
    expect(await store.readEvent('abc-1')).toEqual(stored.events[0]);
    // Keyed by the id asked for, so that the writer finds the retry it looks up.
    expect((await store.readEvents(['abc-1', 'other', 'x'])).get('abc-1')).toEqual(stored.events[0]);
    expect((await store.readEvents(['abc-1'])).get('abc-1')).toEqual(stored.events[0]);
    const again = await store.append([{ stream: 's', events: [event('abc-1')], expectedRevision: 'any' }]);
    expect(again[0]).toEqual({ stream: 's', events: stored.events, duplicate: true });
    expect(await store.headPosition()).toBe(1);
    await store.close();
  });

  it('keeps the log across close and reopen, and goes on from its head', async () => {
    const first = new SqliteEventStore(file);
    const [written] = await first.append([{ stream: 's', events: [event('a'), event('b')], expectedRevision: 'any' }]);
    await first.close();

    const reopened = new SqliteEventStore(file);
    expect(await reopened.readAll(0, 10)).toEqual(written.events);
    const [next] = await reopened.append([{ stream: 's', events: [event('c')], expectedRevision: 1 }]);
    expect(next.events[0]).toMatchObject({ revision: 2, position: 3 });
    await reopened.close();
  });

  it('uses WAL with synchronous=FULL, also after reopening an existing WAL file', async () => {
    await new SqliteEventStore(file).close();
    const reopened = new SqliteEventStore(file);
    const db = (reopened as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await reopened.close();
  });

  it('sees appends made through another instance on the same file', async () => {
    const [one, two] = [new SqliteEventStore(file), new SqliteEventStore(file)];
    await one.append([{ stream: 's', events: [event('a')], expectedRevision: 'no_stream' }]);
    await expect(
      two.append([{ stream: 's', events: [event('b')], expectedRevision: 'no_stream' }]),
    ).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      actual: 0,
    });
    await Promise.all([one.close(), two.close()]);
  });

  it('a store that cannot write fails appends with StoreUnavailableError, and ping until it can again', async () => {
    const store = new SqliteEventStore(file);
    await store.append([{ stream: 's', events: [event('a')], expectedRevision: 'any' }]);
    await store.ping();
    const db = (store as unknown as { db: Database.Database }).db;
    // The connection refuses writes, as SQLite does for a file it may only read. (test/store-failure.e2e-spec.ts
    // does it for real: a full file system, an immutable file, a lock held by another process.)
    db.pragma('query_only = 1');
    const failed = store.append([{ stream: 's', events: [event('b')], expectedRevision: 'any' }]);
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failed).rejects.toThrow('the database file is read-only (SQLITE_READONLY)');
    await expect(store.ping()).rejects.toThrow('read-only');
    await expect(store.ping()).rejects.toThrow('read-only');
    db.pragma('query_only = 0');
    await store.ping();
    await store.append([{ stream: 's', events: [event('b')], expectedRevision: 'any' }]);
    expect((await store.readAll(0, 10)).map((e) => e.eventId)).toEqual(['a', 'b']);
    expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 2 });
    await store.close();
  });

  it('throws StoreUnavailableError when the file cannot be opened', () => {
    expect(() => new SqliteEventStore(join(dir, 'missing', 'events.db'))).toThrow(StoreUnavailableError);
  });

  it.each(['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN'])(
    'maps %s to StoreUnavailableError',
    (code) => {
      const cause = new Database.SqliteError('disk trouble', code);
      expect(toStoreError(cause)).toBeInstanceOf(StoreUnavailableError);
      expect(toStoreError(cause)).toMatchObject({ cause });
    },
  );

  it('passes other errors through', () => {
    const error = new Database.SqliteError('bad', 'SQLITE_CONSTRAINT_UNIQUE');
    expect(toStoreError(error)).toBe(error);
  });
});
