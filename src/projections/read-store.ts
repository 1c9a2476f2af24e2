import Database from 'better-sqlite3';

/**
 * The local SQLite read store that every projection writes to (in both store modes).
 * Unlike the log, its rows are derived and may be rewritten: a rebuild replays the log.
 */
export function openReadStore(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL, set on every open: in WAL mode a commit stays atomic, and rows and checkpoint share
  // one, so a power cut can only lose the last pages of both together, which the projector then
  // replays from the log (the event store, which holds acknowledged writes, is FULL). Skipping
  // the fsync per page is what lets a rebuild run at the disk's read speed.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB of pages: a pair's hot B-tree ends stay in memory
  db.exec(SCHEMA);
  return db;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
-- Every event of a pair stream, as the domain reads it (timelines, past knowledge), with what it
-- changed in knowledge: the action it records or amends (by position), and the earliest valid time
-- it can have affected. Keyed and indexed by integers and pairs, never by UUID, so that inserts land
-- at the ends of a few B-trees rather than on random pages.
CREATE TABLE IF NOT EXISTS pair_events (
  position INTEGER PRIMARY KEY,
  pair TEXT NOT NULL,
  revision INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  event TEXT NOT NULL,
  action_pos INTEGER NOT NULL,
  amends INTEGER NOT NULL,
  affected_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pair_events_by_time ON pair_events (pair, recorded_at, affected_at);
CREATE INDEX IF NOT EXISTS pair_amendments ON pair_events (pair, recorded_at, action_pos) WHERE amends = 1;
CREATE INDEX IF NOT EXISTS amendments_of ON pair_events (action_pos) WHERE amends = 1;
-- Each action as known now (corrections applied), ordered for the fold by (at, position).
CREATE TABLE IF NOT EXISTS actions (
  position INTEGER PRIMARY KEY,
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  min_at INTEGER NOT NULL,
  retracted INTEGER NOT NULL DEFAULT 0,
  current TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_by_valid_time ON actions (pair, at, position);
-- The one UUID index: which position an amended action's id names.
CREATE TABLE IF NOT EXISTS action_ids (
  event_id TEXT PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;
-- Folded state after every n-th action of a pair (RelationsProjection.every), as known now; key = last action folded.
CREATE TABLE IF NOT EXISTS snapshots (
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (pair, at, position)
) WITHOUT ROWID;
-- Pairs changed since their snapshots were last folded (RelationsProjection.settle).
CREATE TABLE IF NOT EXISTS unsettled_pairs (
  pair TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pairs (
  pair TEXT PRIMARY KEY,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  revision INTEGER NOT NULL,
  last_recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pairs_by_a ON pairs (a);
CREATE INDEX IF NOT EXISTS pairs_by_b ON pairs (b);
`;
