import type { Database, Statement } from 'better-sqlite3';
import { isAction, RecordedAction, RecordedEvent } from '../domain/events';
import { pairOfStream } from '../domain/pair';
import { foldActions } from '../domain/state/evolve';
import { amend, KnownAction, toAction } from '../domain/state/knowledge';
import { initialState, RelationState } from '../domain/state/relation-state';

/** How many actions a query folds at most on top of a snapshot. */
const SNAPSHOT_EVERY = 200;

interface Row {
  at: number;
  position: number;
}

type Amendment = Exclude<RecordedEvent, RecordedAction>;

/**
 * Maintains the relations read model: each pair's events, each action as now known,
 * and snapshots of the folded state every `every` actions in valid-time order.
 * A backdated action, retraction or correction drops the snapshots it invalidates;
 * `settle` folds them again. Runs inside the projector's transactions.
 */
export class RelationsProjection {
  private readonly q: Record<string, Statement>;

  constructor(
    db: Database,
    private readonly every = SNAPSHOT_EVERY,
  ) {
    const sql = {
      insertEvent: `INSERT INTO pair_events (position, pair, revision, recorded_at, event, action_pos, amends, affected_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      insertAction: 'INSERT INTO actions (position, pair, at, min_at, current) VALUES (?, ?, ?, ?, ?)',
      insertId: 'INSERT INTO action_ids (event_id, position) VALUES (?, ?)',
      actionOf: `SELECT a.position, a.at, a.min_at AS minAt, a.current FROM action_ids i
        JOIN actions a ON a.position = i.position WHERE i.event_id = ?`,
      updateAction: 'UPDATE actions SET at = ?, min_at = ?, retracted = ?, current = ? WHERE position = ?',
      dropSnapshots: 'DELETE FROM snapshots WHERE pair = ? AND at >= ?',
      upsertPair: `INSERT INTO pairs (pair, a, b, revision, last_recorded_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (pair) DO UPDATE SET revision = excluded.revision, last_recorded_at = excluded.last_recorded_at`,
      lastSnapshot: 'SELECT at, position FROM snapshots WHERE pair = ? ORDER BY at DESC, position DESC LIMIT 1',
      loadSnapshot: 'SELECT state FROM snapshots WHERE pair = ? AND at = ? AND position = ?',
      tailCount: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM actions
        WHERE pair = ? AND retracted = 0 AND (at, position) > (?, ?) LIMIT ${every})`,
      tail: `SELECT at, position, current FROM actions
        WHERE pair = ? AND retracted = 0 AND (at, position) > (?, ?) ORDER BY at, position`,
      insertSnapshot: 'INSERT INTO snapshots (pair, at, position, state) VALUES (?, ?, ?, ?)',
      markUnsettled: 'INSERT OR IGNORE INTO unsettled_pairs (pair) VALUES (?)',
      unsettled: 'SELECT pair FROM unsettled_pairs',
      settled: 'DELETE FROM unsettled_pairs WHERE pair = ?',
    };
    this.q = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)]));
  }

  apply(events: RecordedEvent[]): void {
    const heads = new Map<string, RecordedEvent>();
    for (const e of events) {
      const pair = pairOfStream(e.stream);
      if (!pair) continue;
      const key = pair.join('-');
      heads.set(key, e);
      if (isAction(e)) this.recordAction(key, e);
      else this.amendAction(key, e);
    }
    for (const [key, e] of heads) {
      const [a, b] = key.split('-');
      this.q.upsertPair.run(key, a, b, e.revision, e.recordedAt);
      this.q.markUnsettled.run(key);
    }
  }

  /**
   * Folds new snapshots for the pairs changed since the last call. Run once caught up with
   * the log, not after every page: an import in random valid-time order would otherwise
   * re-fold a pair's history for each page. Until then queries fold from an older snapshot.
   */
  settle(): void {
    for (const { pair } of this.q.unsettled.all() as { pair: string }[]) {
      this.snapshot(pair);
      this.q.settled.run(pair);
    }
  }

  private recordAction(pair: string, e: RecordedAction) {
    const action = toAction(e);
    const p = e.position;
    this.q.insertEvent.run(p, pair, e.revision, e.recordedAt, JSON.stringify(e), p, 0, action.at);
    this.q.insertAction.run(p, pair, action.at, action.at, JSON.stringify(action));
    this.q.insertId.run(e.eventId, p);
    this.q.dropSnapshots.run(pair, action.at + 1);
  }

  private amendAction(pair: string, e: Amendment) {
    const id = e.type === 'ActionRetracted' ? e.data.retracts : e.data.corrects;
    const row = this.q.actionOf.get(id) as (Row & { minAt: number; current: string }) | undefined;
    if (!row) return; // the decider never amends an unknown action; a foreign log may
    const after = amend(JSON.parse(row.current) as KnownAction, e);
    const minAt = Math.min(row.minAt, after.at);
    this.q.updateAction.run(after.at, minAt, after.retractedBy ? 1 : 0, JSON.stringify(after), row.position);
    this.q.insertEvent.run(e.position, pair, e.revision, e.recordedAt, JSON.stringify(e), row.position, 1, minAt);
    this.q.dropSnapshots.run(pair, Math.min(row.at, after.at));
  }

  /** Folds the tail after the last snapshot into new snapshots, once it is long enough. */
  private snapshot(pair: string) {
    const last = this.q.lastSnapshot.get(pair) as Row | undefined;
    const from = last ?? { at: Number.MIN_SAFE_INTEGER, position: 0 };
    const { n } = this.q.tailCount.get(pair, from.at, from.position) as { n: number };
    if (n < this.every) return;
    let state: RelationState = last
      ? (JSON.parse(
          (this.q.loadSnapshot.get(pair, last.at, last.position) as { state: string }).state,
        ) as RelationState)
      : initialState();
    let count = 0;
    // all(), not iterate(): better-sqlite3 cannot write while a read cursor is open.
    for (const row of this.q.tail.all(pair, from.at, from.position) as (Row & { current: string })[]) {
      state = foldActions([JSON.parse(row.current) as KnownAction], state);
      if (++count % this.every === 0) this.q.insertSnapshot.run(pair, row.at, row.position, JSON.stringify(state));
    }
  }
}
