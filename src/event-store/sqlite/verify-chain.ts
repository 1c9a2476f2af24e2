import Database from 'better-sqlite3';
import { EventRecord } from '../event-record';
import { IntegrityReport } from '../event-store.port';
import { longReads } from '../turns';
import { chainHash, GENESIS } from './hash-chain';
import { APPEND_ONLY_TRIGGERS, COLUMNS } from './open-database';

const PAGE = 1000;

type Row = EventRecord & { hash: string; logHash: string | null };

/**
 * Checks the log in a SQLite event store file against its hash chains, from the first event to the head
 * seen when it begins: positions gap-free from 1, revisions gap-free in each stream, each event's hash matching
 * its content and the previous event of its stream, and its link in the whole log's chain matching its content
 * and the event before it in the log; and no link left of an event removed from the end. Reads through its own
 * read-only connection, a page per turn of the long reads, so a running service keeps answering meanwhile. A file
 * written before the whole-log chain existed (an old backup) has only the per-stream chains to check.
 */
export async function verifyChain(file: string): Promise<IntegrityReport> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const linked = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_chain'`).get();
    const problems = missingTriggers(db, linked ? APPEND_ONLY_TRIGGERS : APPEND_ONLY_TRIGGERS.slice(0, 2));
    const head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
    const page = db.prepare<[number, number, number], Row>(
      `SELECT ${COLUMNS}, events.hash, ${linked ? 'log_chain.hash' : 'NULL'} AS logHash
       FROM events ${linked ? 'LEFT JOIN log_chain USING (position)' : ''}
       WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    );
    const streams = new Map<string, { revision: number; hash: string }>();
    let last: Row | undefined;
    const report = (firstBad?: IntegrityReport['firstBad']): IntegrityReport => ({
      ok: !firstBad && problems.length === 0,
      checked: last?.position ?? 0,
      head: last
        ? {
            position: last.position,
            eventId: last.eventId,
            hash: last.hash,
            ...(last.logHash !== null && { logHash: last.logHash }),
          }
        : null,
      ...(firstBad && { firstBad }),
      problems,
    });
    for (let rows = page.all(0, head, PAGE); rows.length; rows = page.all(last!.position, head, PAGE)) {
      for (const row of rows) {
        const stream = streams.get(row.stream) ?? { revision: -1, hash: GENESIS };
        const problem = check(row, last, stream) ?? (linked ? checkLink(row, last?.logHash ?? GENESIS) : undefined);
        if (problem) {
          const { position, eventId, stream: name, revision } = row;
          return report({ position, eventId, stream: name, revision, problem });
        }
        streams.set(row.stream, { revision: row.revision, hash: row.hash });
        last = row;
      }
      await longReads.take();
    }
    const orphan = linked
      ? db
          .prepare<[], number>(
            `SELECT position FROM log_chain WHERE position NOT IN (SELECT position FROM events) ORDER BY position LIMIT 1`,
          )
          .pluck()
          .get()
      : undefined;
    if (orphan !== undefined) {
      problems.push(
        `the whole-log chain links an event at position ${orphan} that the log no longer holds: ` +
          `events from position ${orphan} on were removed`,
      );
    }
    return report();
  } finally {
    db.close();
  }
}

function check(row: Row, last: Row | undefined, previous: { revision: number; hash: string }): string | undefined {
  const lastPosition = last?.position ?? 0;
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

function checkLink(row: Row, previous: string): string | undefined {
  if (row.logHash === null) return 'it has no link in the whole-log chain: it was slipped in after it was built';
  if (row.logHash !== chainHash(previous, row)) {
    return (
      'its link in the whole-log chain does not match its content and the event before it in the log: ' +
      'this event (or the one before it) was changed after it was recorded'
    );
  }
  return undefined;
}

function missingTriggers(db: Database.Database, triggers: string[]): string[] {
  const present = new Set(
    db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all(),
  );
  return triggers
    .filter((t) => !present.has(t))
    .map((t) => `the append-only trigger ${t} is missing: the ${t.replace(/_no_.*/, '')} table can be changed`);
}
