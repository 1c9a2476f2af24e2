import Database from 'better-sqlite3';

/**
 * The local SQLite read store that every projection writes to (in both store modes).
 * Unlike the log, its rows are derived and may be rewritten: a rebuild replays the log.
 * `filling`: a new generation a rebuild fills in bulk; it gets its indexes once filled (`finishFilling`).
 */
export function openReadStore(file: string, filling = false): Database.Database {
  const db = new Database(file);
  // A generation being filled is thrown away if anything fails before it is sealed (Generation.sealed):
  // it needs no journal and no fsync, and without a journal each page is written once, not twice.
  db.pragma(filling ? 'journal_mode = OFF' : 'journal_mode = WAL');
  // NORMAL, set on every other open: in WAL mode a commit stays atomic, and rows and checkpoint share
  // one, so a power cut can only lose the last pages of both together, which the projector then
  // replays from the log (the event store, which holds acknowledged writes, is FULL).
  db.pragma(filling ? 'synchronous = OFF' : 'synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = ${filling ? FILLING_CACHE : LIVE_CACHE}`);
  db.exec(TABLES);
  db.exec(filling ? FILLED_ACTIONS : INDEXES + SANCTIONS_INDEXES);
  return db;
}

/**
 * Page caches, in KiB (negative cache_size). The live generation keeps 64 MiB: the hot ends of the
 * pairs' B-trees stay in memory between questions. A filling generation needs little: its rows are
 * appended (only the right edges of the B-trees are touched) and its indexes are built in sorted
 * passes; and SQLite's sorter takes as much memory again as cache_size before it spills to temporary
 * files, so a 64 MiB cache costs up to 128 MiB during the sorts, beside the live generation's 64.
 * A filled generation is closed once sealed, and opened again with the live size to be swapped in.
 */
const LIVE_CACHE = -65536;
const FILLING_CACHE = -16384;

const statements = (sql: string) =>
  sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * What ends a fill, one statement at a time: the actions it appended moved into their table in
 * fold order, then the indexes, built once over the filled generation, one sorted pass each.
 */
export const finishFillingSteps = () => statements(MOVE_FILLED_ACTIONS + INDEXES);

/** The sanctions read model's indexes, built after its fill: its rows are written without them. */
export const sanctionsIndexSteps = () => statements(SANCTIONS_INDEXES);

const TABLES = `
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
-- Every event of a pair stream, as the domain reads it (timelines, past knowledge), with what it
-- changed in knowledge: the action it records or amends (by position), and the earliest valid time
-- it can have affected. Keyed by position: rows are appended at the end of the table.
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
-- Each action as known now (corrections applied), stored in fold order: the actions a question
-- folds after its snapshot are adjacent rows, a few pages, however the log interleaved them.
CREATE TABLE IF NOT EXISTS actions (
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  min_at INTEGER NOT NULL,
  retracted INTEGER NOT NULL DEFAULT 0,
  current TEXT NOT NULL,
  PRIMARY KEY (pair, at, position)
) WITHOUT ROWID;
-- Folded state after every n-th action of a pair (RelationsProjection.every), as known now, keyed by
-- the last action folded; without the lifted packages, which are listed apart: those the fold lifted
-- since the pair's previous snapshot.
CREATE TABLE IF NOT EXISTS snapshots (
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL,
  lifted TEXT NOT NULL,
  PRIMARY KEY (pair, at, position)
) WITHOUT ROWID;
-- Pairs changed since their snapshots were last folded (RelationsProjection.settle).
CREATE TABLE IF NOT EXISTS unsettled_pairs (
  pair TEXT PRIMARY KEY
) WITHOUT ROWID;
-- The imported actions, by where they came from (their provenance: GET /v1/events?source=), in log order.
CREATE TABLE IF NOT EXISTS sources (
  position INTEGER PRIMARY KEY,
  dataset TEXT NOT NULL,
  file TEXT NOT NULL
);
-- Which actions name an action in inResponseTo (by the responder's position), as recorded or corrected at
-- any time: candidates, which the reader checks against each responder as known at the question's knownAt.
CREATE TABLE IF NOT EXISTS responses (
  to_id TEXT NOT NULL,
  from_position INTEGER NOT NULL,
  PRIMARY KEY (to_id, from_position)
) WITHOUT ROWID;
-- Every sanctions package's periods of valid time, as known now: its form (the package as a state shows
-- it) from from_at until to_at (exclusive; Number.MAX_SAFE_INTEGER while open). What GET /v1/sanctions reads.
CREATE TABLE IF NOT EXISTS sanction_periods (
  id INTEGER PRIMARY KEY,
  pair TEXT NOT NULL,
  package TEXT NOT NULL,
  package_pos INTEGER NOT NULL,
  imposed_by TEXT NOT NULL,
  target TEXT NOT NULL,
  program TEXT,
  status TEXT NOT NULL,
  kinds TEXT NOT NULL,
  from_at INTEGER NOT NULL,
  to_at INTEGER NOT NULL,
  form TEXT NOT NULL
);
-- Each sanctions action as now known (not retracted), by the package it is about: its own id for an
-- imposition, the sanctionsId it names, or kinds:<actor>><target> for a lift by kinds (SanctionsProjection).
CREATE TABLE IF NOT EXISTS sanction_actions (
  package TEXT NOT NULL,
  dir TEXT NOT NULL,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  current TEXT NOT NULL,
  PRIMARY KEY (package, at, position)
) WITHOUT ROWID;
-- The entities a period's measures name, once per term they answer to (the name and each id, lower-cased),
-- with the entity's key across packages (sanctions-details.ts, entityKey). What GET /v1/entities reads.
CREATE TABLE IF NOT EXISTS sanction_entities (
  term TEXT NOT NULL,
  period INTEGER NOT NULL,
  key TEXT NOT NULL,
  entity TEXT NOT NULL,
  PRIMARY KEY (term, period, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pairs (
  pair TEXT PRIMARY KEY,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  revision INTEGER NOT NULL,
  last_recorded_at INTEGER NOT NULL
);
`;

/** While a generation fills, actions are appended here in log order, then moved over sorted. */
const FILLED_ACTIONS = `
CREATE TABLE IF NOT EXISTS filled_actions (
  position INTEGER PRIMARY KEY,
  pair TEXT NOT NULL,
  at INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  current TEXT NOT NULL
);
`;

const MOVE_FILLED_ACTIONS = `
INSERT INTO actions (pair, at, position, event_id, min_at, current)
  SELECT pair, at, position, event_id, at, current FROM filled_actions ORDER BY pair, at, position;
DROP TABLE filled_actions;
`;

const INDEXES = `
CREATE INDEX IF NOT EXISTS pair_events_by_time ON pair_events (pair, recorded_at, affected_at);
CREATE INDEX IF NOT EXISTS pair_amendments ON pair_events (pair, recorded_at, action_pos) WHERE amends = 1;
CREATE INDEX IF NOT EXISTS amendments_of ON pair_events (action_pos) WHERE amends = 1;
CREATE INDEX IF NOT EXISTS actions_by_position ON actions (position);
CREATE INDEX IF NOT EXISTS actions_by_id ON actions (event_id);
CREATE INDEX IF NOT EXISTS sources_by_dataset ON sources (dataset, position);
CREATE INDEX IF NOT EXISTS sources_by_file ON sources (dataset, file, position);
CREATE INDEX IF NOT EXISTS pairs_by_a ON pairs (a);
CREATE INDEX IF NOT EXISTS pairs_by_b ON pairs (b);
CREATE INDEX IF NOT EXISTS pairs_by_recorded_at ON pairs (last_recorded_at);
`;

/** The sanctions read model's: a fill builds them once it has folded every package (SanctionsProjection.fill). */
const SANCTIONS_INDEXES = `
CREATE INDEX IF NOT EXISTS periods_of_package ON sanction_periods (package, from_at);
CREATE INDEX IF NOT EXISTS sanction_actions_by_position ON sanction_actions (position);
CREATE INDEX IF NOT EXISTS sanction_actions_by_dir ON sanction_actions (dir);
CREATE INDEX IF NOT EXISTS periods_by_target ON sanction_periods (target, status, package_pos);
CREATE INDEX IF NOT EXISTS periods_by_imposer ON sanction_periods (imposed_by, status, package_pos);
CREATE INDEX IF NOT EXISTS periods_by_program ON sanction_periods (program, status, package_pos);
CREATE INDEX IF NOT EXISTS periods_by_status ON sanction_periods (status, package_pos);
CREATE INDEX IF NOT EXISTS periods_by_status_from ON sanction_periods (status, from_at);
CREATE INDEX IF NOT EXISTS entities_by_key ON sanction_entities (key);
CREATE INDEX IF NOT EXISTS entities_of_period ON sanction_entities (period);
`;
