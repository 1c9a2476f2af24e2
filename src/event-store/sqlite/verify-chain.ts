import Database from 'better-sqlite3';
import { EventRecord } from '../event-record';
import { IntegrityReport } from '../event-store.port';
import { longReads } from '../turns';
import { chainHash, GENESIS } from './hash-chain';
import { APPEND_ONLY_TRIGGERS, COLUMNS } from './open-database';

const PAGE = 1000;

type Row = EventRecord & { hash: string };

/**
 * Checks the log in a SQLite event store file against its hash chain, from the first event to the head
 * seen when it begins: positions gap-free from 1, revisions gap-free in each stream, each hash matching
 * the event's content and its predecessor's hash. Reads through its own read-only connection, a page per
 * turn of the long reads, so a running service keeps answering meanwhile.
 */
export async function verifyChain(file: string): Promise<IntegrityReport> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems = missingTriggers(db);
    const head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
    const page = db.prepare<[number, number, number], Row>(
      `SELECT ${COLUMNS}, hash FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    );
    const streams = new Map<string, { revision: number; hash: string }>();
    let last: Row | undefined;
    const report = (firstBad?: IntegrityReport['firstBad']): IntegrityReport => ({
      ok: !firstBad && problems.length === 0,
      checked: last?.position ?? 0,
      head: last ? { position: last.position, eventId: last.eventId, hash: last.hash } : null,
      ...(firstBad && { firstBad }),
      problems,
    });
    for (let rows = page.all(0, head, PAGE); rows.length; rows = page.all(last!.position, head, PAGE)) {
      for (const row of rows) {
        const problem = check(row, last?.position ?? 0, streams.get(row.stream) ?? { revision: -1, hash: GENESIS });
        if (problem) {
          const { position, eventId, stream, revision } = row;
          return report({ position, eventId, stream, revision, problem });
        }
        streams.set(row.stream, { revision: row.revision, hash: row.hash });
        last = row;
      }
      await longReads.take();
    }
    return report();
  } finally {
    db.close();
  }
}

function check(row: Row, lastPosition: number, previous: { revision: number; hash: string }): string | undefined {
  if (row.position !== lastPosition + 1) {
    return `position ${row.position} follows position ${lastPosition}: events are missing from the log`;
  }
  if (row.revision !== previous.revision + 1) {
    return `revision ${row.revision} follows revision ${previous.revision} in ${row.stream}: the stream was altered`;
  }
  if (row.hash !== chainHash(previous.hash, row)) {
    return (
      'its hash does not match its content and the previous event of its stream: ' +
      'this event (or the one before it in its stream) was changed after it was recorded'
    );
  }
  return undefined;
}

function missingTriggers(db: Database.Database): string[] {
  const present = new Set(
    db
      .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'`)
      .pluck()
      .all(),
  );
  return APPEND_ONLY_TRIGGERS.filter((t) => !present.has(t)).map(
    (t) => `the append-only trigger ${t} is missing: the events table can be changed`,
  );
}
