import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedRevisionError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (eventId: string) => ({ eventId, type: 'Tick', data: {}, metadata: {} });

describe('group commit on SQLite', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chancery-group-'));
    file = join(dir, 'events.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits appends that arrive together in one transaction, and acknowledges each only once committed', async () => {
    const store = new SqliteEventStore(file);
    const commits = jest.spyOn(store as unknown as { commitQueued: () => void }, 'commitQueued');
    const observer = new Database(file, { readonly: true });
    const visibleWhenAcknowledged: boolean[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store
          .append([{ stream: `s-${i % 7}`, events: [event(`e${i}`)], expectedRevision: 'any' }])
          .then(() =>
            visibleWhenAcknowledged.push(!!observer.prepare('SELECT 1 FROM events WHERE event_id = ?').get(`e${i}`)),
          ),
      ),
    );
    expect(commits).toHaveBeenCalledTimes(1);
    expect(visibleWhenAcknowledged).toEqual(Array(100).fill(true));
    observer.close();
    await store.close();
  });

  it('fails only the append whose check fails; the rest of its group lands', async () => {
    const store = new SqliteEventStore(file);
    await store.append([{ stream: 's', events: [event('first')], expectedRevision: 'any' }]);
    const results = await Promise.allSettled([
      store.append([{ stream: 's', events: [event('a')], expectedRevision: 0 }]),
      store.append([{ stream: 's', events: [event('b')], expectedRevision: 0 }]),
      store.append([{ stream: 't', events: [event('c')], expectedRevision: 'no_stream' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readAll(0, 10)).map((e) => e.eventId)).toEqual(['first', 'a', 'c']);
    await store.close();
  });

  it('loses nothing acknowledged when the process is killed mid-write, again and again', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < 5; round++) {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, '..', '..', '..', 'test', 'support', 'append-until-killed.ts'),
          file,
          `r${round}`,
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (out.split('\n').length > 200) {
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      // Only whole lines were acknowledged; a line cut by the kill is not counted.
      acknowledged.push(...out.split('\n').slice(0, -1));
    }
    const store = new SqliteEventStore(file);
    const stored = (await store.readAll(0, 1_000_000)).map((e) => e.eventId);
    await store.close();
    expect(new Set(stored).size).toBe(stored.length);
    const missing = acknowledged.filter((id) => !stored.includes(id));
    expect(missing).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(1000);
  }, 60_000);
});
