import Database from 'better-sqlite3';

/**
 * The local SQLite read store that every projection writes to (in both store modes).
 * Unlike the log, its rows are derived and may be rewritten: a rebuild replays the log.
 */
export function openReadStore(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A reopened WAL database defaults to NORMAL: checkpoints must be as durable as the rows they cover.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
-- Every event of a pair stream, as the domain reads it: the source of timelines and past knowledge.
CREATE TABLE IF NOT EXISTS pair_events (
  position INTEGER PRIMARY KEY,
  pair TEXT NOT NULL,
  revision INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pair_events_by_pair ON pair_events (pair, position);
CREATE INDEX IF NOT EXISTS pair_events_by_time ON pair_events (pair, recorded_at);
-- Each action as known now (corrections applied), ordered for the fold by (at, position).
CREATE TABLE IF NOT EXISTS actions (
  event_id TEXT PRIMARY KEY,
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  min_at INTEGER NOT NULL,
  retracted INTEGER NOT NULL DEFAULT 0,
  current TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_by_valid_time ON actions (pair, at, position);
-- What each event changed in knowledge: the earliest valid time it can have affected, and whether
-- it amended an action recorded before it (a retraction or correction) rather than recording one.
CREATE TABLE IF NOT EXISTS knowledge_changes (
  position INTEGER PRIMARY KEY,
  pair TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  affected_at INTEGER NOT NULL,
  action_id TEXT NOT NULL,
  amends INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS knowledge_changes_by_time ON knowledge_changes (pair, recorded_at, affected_at);
CREATE INDEX IF NOT EXISTS knowledge_amendments ON knowledge_changes (pair, amends, recorded_at);
CREATE INDEX IF NOT EXISTS knowledge_changes_by_action ON knowledge_changes (action_id);
-- Folded state after every n-th action of a pair (RelationsProjection.every), as known now; key = last action folded.
CREATE TABLE IF NOT EXISTS snapshots (
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (pair, at, position)
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
