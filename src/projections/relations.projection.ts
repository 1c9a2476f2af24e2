import type { Database, Statement } from 'better-sqlite3';
import { isAction, RecordedEvent } from '../domain/events';
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

/**
 * Maintains the relations read model: each pair's events, each action as now known,
 * and snapshots of the folded state every `every` actions in valid-time order.
 * A backdated action, retraction or correction drops the snapshots it invalidates;
 * they are folded again after the batch. Runs inside the projector's transaction.
 */
export class RelationsProjection {
  private readonly q: Record<string, Statement>;

  constructor(
    db: Database,
    private readonly every = SNAPSHOT_EVERY,
  ) {
    const sql = {
      insertEvent: 'INSERT INTO pair_events (position, pair, revision, recorded_at, event) VALUES (?, ?, ?, ?, ?)',
      insertAction:
        'INSERT INTO actions (event_id, pair, at, position, min_at, current) VALUES (@eventId, @pair, @at, @position, @at, @current)',
      getAction: 'SELECT pair, at, min_at AS minAt, current FROM actions WHERE event_id = ?',
      updateAction: 'UPDATE actions SET at = ?, min_at = ?, retracted = ?, current = ? WHERE event_id = ?',
      insertChange:
        'INSERT INTO knowledge_changes (position, pair, recorded_at, affected_at, action_id, amends) VALUES (?, ?, ?, ?, ?, ?)',
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
    };
    this.q = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)]));
  }

  apply(events: RecordedEvent[]): void {
    const touched = new Set<string>();
    for (const e of events) {
      const pair = pairOfStream(e.stream);
      if (!pair) continue;
      const key = pair.join('-');
      touched.add(key);
      this.q.insertEvent.run(e.position, key, e.revision, e.recordedAt, JSON.stringify(e));
      this.q.upsertPair.run(key, pair[0], pair[1], e.revision, e.recordedAt);
      if (isAction(e)) this.recordAction(key, e);
      else this.amendAction(key, e);
    }
    for (const key of touched) this.snapshot(key);
  }

  private recordAction(pair: string, e: Extract<RecordedEvent, { data: { actor: string } }>) {
    const action = toAction(e);
    this.q.insertAction.run({
      eventId: e.eventId,
      pair,
      at: action.at,
      position: e.position,
      current: JSON.stringify(action),
    });
    this.q.insertChange.run(e.position, pair, e.recordedAt, action.at, e.eventId, 0);
    this.q.dropSnapshots.run(pair, action.at + 1);
  }

  private amendAction(pair: string, e: Exclude<RecordedEvent, { data: { actor: string } }>) {
    const id = e.type === 'ActionRetracted' ? e.data.retracts : e.data.corrects;
    const row = this.q.getAction.get(id) as { at: number; minAt: number; current: string } | undefined;
    if (!row) return; // the decider never amends an unknown action; a foreign log may
    const after = amend(JSON.parse(row.current) as KnownAction, e);
    const minAt = Math.min(row.minAt, after.at);
    this.q.updateAction.run(after.at, minAt, after.retractedBy ? 1 : 0, JSON.stringify(after), id);
    this.q.insertChange.run(e.position, pair, e.recordedAt, minAt, id, 1);
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
