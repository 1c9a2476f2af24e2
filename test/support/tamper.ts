import Database from 'better-sqlite3';
import { EventRecord } from '../../src/event-store/event-record';
import { chainHash, GENESIS } from '../../src/event-store/sqlite/hash-chain';
import { APPEND_ONLY_TRIGGERS, COLUMNS } from '../../src/event-store/sqlite/open-database';

/**
 * Edits an events.db as an intruder with the file would: changes the data of the events `change` picks, then puts the file back
 * in order: every per-stream hash recomputed, and (`logChain`) the whole log's chain too, the triggers recreated.
 */
export function rewrite(file: string, change: (row: EventRecord) => EventRecord | undefined, logChain = true) {
  const db = new Database(file);
  const triggers = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[];
  for (const name of APPEND_ONLY_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  const streams = new Map<string, string>();
  let log = GENESIS;
  const update = db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?');
  const link = db.prepare('UPDATE log_chain SET hash = ? WHERE position = ?');
  db.transaction(() => {
    for (const row of db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY position`).all() as EventRecord[]) {
      const changed = change(row) ?? row;
      const hash = chainHash(streams.get(row.stream) ?? GENESIS, changed);
      streams.set(row.stream, hash);
      update.run(changed.data, hash, row.position);
      log = chainHash(log, changed);
      if (logChain) link.run(log, row.position);
    }
  })();
  for (const sql of triggers) db.exec(sql);
  db.close();
}

/** Removes the events after `position`, and their links, then recreates the triggers: nothing in the file shows it. */
export function truncate(file: string, position: number) {
  const db = new Database(file);
  const triggers = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[];
  for (const name of APPEND_ONLY_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  db.prepare('DELETE FROM events WHERE position > ?').run(position);
  db.prepare('DELETE FROM log_chain WHERE position > ?').run(position);
  for (const sql of triggers) db.exec(sql);
  db.close();
}
