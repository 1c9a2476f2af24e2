import type { Database, Statement } from 'better-sqlite3';
import { isAction, RecordedAction, RecordedEvent } from '../domain/events';
import { pairOfStream } from '../domain/pair';
import { foldActions } from '../domain/state/evolve';
import { amend, KnownAction, toAction } from '../domain/state/knowledge';
import { initialState, RelationState, withoutLifted } from '../domain/state/relation-state';
import { finishFillingSteps, sanctionsIndexSteps } from './read-store';
import { SanctionsProjection } from './sanctions.projection';

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
 *
 * A generation being filled by a rebuild (`filling`) appends rows only, with no index to
 * update, and keeps amendments for `finishFilling`, when the index that finds their actions
 * exists: a sorted build of each index is far cheaper than a million random inserts.
 */
export class RelationsProjection {
  private readonly q: Record<string, Statement>;
  /** The positions of the amendments a filling generation holds but has not applied yet. */
  private deferred: number[] = [];
  /** Set while the generation fills: where actions go until they are sorted into `actions`. */
  private fillAction?: Statement;
  /**
   * Set while the generation fills: each pair's last event so far (revision, transaction time), written to `pairs`
   * once filled rather than after every page, where it cost about a statement per event.
   */
  private fillHeads?: Map<string, [revision: number, recordedAt: number]>;

  private readonly every: number;
  /** The sanctions periods, refolded for each package a page changed, from the earliest valid time it touched. */
  private readonly sanctions: SanctionsProjection;

  constructor(
    private readonly db: Database,
    { filling = false, every = SNAPSHOT_EVERY }: { filling?: boolean; every?: number } = {},
  ) {
    this.every = every;
    this.sanctions = new SanctionsProjection(db);
    const sql = {
      insertEvent: `INSERT INTO pair_events (position, pair, revision, recorded_at, event, action_pos, amends, affected_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      insertAction: `INSERT INTO actions (pair, at, position, event_id, min_at, current)
        VALUES (@pair, @at, @position, @eventId, @at, @current)`,
      actionOf: 'SELECT pair, at, position, min_at AS minAt, current FROM actions WHERE event_id = ?',
      updateAction: `UPDATE actions SET at = ?, min_at = ?, retracted = ?, current = ?
        WHERE pair = ? AND at = ? AND position = ?`,
      storedEvent: 'SELECT event FROM pair_events WHERE position = ?',
      placeAmendment: 'UPDATE pair_events SET action_pos = ?, affected_at = ? WHERE position = ?',
      insertSource: 'INSERT INTO sources (position, dataset, file) VALUES (?, ?, ?)',
      insertResponse: 'INSERT OR IGNORE INTO responses (to_id, from_position) VALUES (?, ?)',
      dropEvent: 'DELETE FROM pair_events WHERE position = ?',
      dropSnapshots: 'DELETE FROM snapshots WHERE pair = ? AND at >= ?',
      upsertPair: `INSERT INTO pairs (pair, a, b, revision, last_recorded_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (pair) DO UPDATE SET revision = excluded.revision, last_recorded_at = excluded.last_recorded_at`,
      lastSnapshot: 'SELECT at, position FROM snapshots WHERE pair = ? ORDER BY at DESC, position DESC LIMIT 1',
      snapshotState: 'SELECT state FROM snapshots WHERE pair = ? AND at = ? AND position = ?',
      tail: `SELECT at, position, current FROM actions
        WHERE pair = ? AND (at, position) > (?, ?) AND retracted = 0 ORDER BY at, position LIMIT ${every}`,
      tailLength: `SELECT count(*) AS n FROM (SELECT 1 FROM actions
        WHERE pair = ? AND (at, position) > (?, ?) AND retracted = 0 LIMIT ${every})`,
      insertSnapshot: 'INSERT INTO snapshots (pair, at, position, state, lifted) VALUES (?, ?, ?, ?, ?)',
      markUnsettled: 'INSERT OR IGNORE INTO unsettled_pairs (pair) VALUES (?)',
      unsettled: 'SELECT pair FROM unsettled_pairs',
      settled: 'DELETE FROM unsettled_pairs WHERE pair = ?',
    };
    this.q = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)]));
    if (filling) {
      this.fillAction = db.prepare(`INSERT INTO filled_actions (position, pair, at, event_id, current)
        VALUES (@position, @pair, @at, @eventId, @current)`);
      this.fillHeads = new Map();
    }
  }

  apply(events: RecordedEvent[]): void {
    const heads = new Map<string, RecordedEvent>();
    for (const e of events) {
      const pair = pairOfStream(e.stream)?.join('-');
      if (!pair) continue;
      heads.set(pair, e);
      if (isAction(e)) this.recordAction(pair, e);
      else if (this.fillAction) this.deferAmendment(pair, e);
      else this.amendAction(pair, e);
    }
    for (const [key, e] of heads) {
      if (this.fillHeads) this.fillHeads.set(key, [e.revision, e.recordedAt]);
      else this.recordHead(key, e.revision, e.recordedAt);
    }
    // A filling generation folds every package's periods once, when it is finished.
    if (!this.fillAction) this.sanctions.flush();
  }

  /** A pair's last event, and that its snapshots are to be folded again. */
  private recordHead(pair: string, revision: number, recordedAt: number) {
    const [a, b] = pair.split('-');
    this.q.upsertPair.run(pair, a, b, revision, recordedAt);
    this.q.markUnsettled.run(pair);
  }

  /**
   * The steps that end a fill, to run in order, each in a transaction: the pairs written, actions sorted into
   * place, indexes built, then the deferred amendments applied in log order, then every sanctions package's
   * periods folded and their indexes built. Apart, so a caller can let other work in between.
   */
  finishingSteps(): (() => void)[] {
    const [statements, sanctionsIndexes] = [finishFillingSteps(), sanctionsIndexSteps()].map((sqls) =>
      sqls.map((sql) => () => void this.db.exec(sql)),
    );
    return [
      () => {
        for (const [pair, [revision, recordedAt]] of this.fillHeads ?? []) this.recordHead(pair, revision, recordedAt);
        this.fillHeads = undefined;
      },
      ...statements,
      () => {
        this.fillAction = undefined;
        for (const position of this.deferred) {
          const { event } = this.q.storedEvent.get(position) as { event: string };
          this.amendAction('', JSON.parse(event) as Amendment, true);
        }
        this.deferred = [];
      },
      () => this.sanctions.fill(),
      ...sanctionsIndexes,
    ];
  }

  /**
   * Folds new snapshots for the pairs changed since the last call: one step per pair. Run once
   * caught up with the log, not after every page: an import in random valid-time order would
   * otherwise re-fold a pair's history for each page. Until then queries fold from an older snapshot.
   */
  settlingSteps(): (() => void)[] {
    return (this.q.unsettled.all() as { pair: string }[]).map(({ pair }) => () => {
      this.snapshot(pair);
      this.q.settled.run(pair);
    });
  }

  settle(): void {
    for (const step of this.settlingSteps()) step();
  }

  private recordAction(pair: string, e: RecordedAction) {
    const action = toAction(e);
    const p = e.position;
    this.q.insertEvent.run(p, pair, e.revision, e.recordedAt, JSON.stringify(e), p, 0, action.at);
    const row = { pair, at: action.at, position: p, eventId: e.eventId, current: JSON.stringify(action) };
    const source = e.metadata.provenance;
    if (source) this.q.insertSource.run(p, source.dataset, source.file);
    this.linkResponses(e.data.inResponseTo, p);
    if (this.fillAction) return void this.fillAction.run(row);
    this.q.insertAction.run(row);
    this.q.dropSnapshots.run(pair, action.at + 1);
    this.sanctions.changed(action, p);
  }

  /**
   * Each action an action answers, to find who answered an action: every id it ever named (a correction may
   * name others), for the reader to check against the responder as known when asked.
   */
  private linkResponses(ids: string[] | undefined, position: number) {
    for (const id of ids ?? []) this.q.insertResponse.run(id, position);
  }

  private deferAmendment(pair: string, e: Amendment) {
    this.q.insertEvent.run(e.position, pair, e.revision, e.recordedAt, JSON.stringify(e), -1, 1, -1);
    this.deferred.push(e.position);
  }

  /** Applies a retraction or correction; `stored`: its event row is in already, from a fill. */
  private amendAction(pair: string, e: Amendment, stored = false) {
    const id = e.type === 'ActionRetracted' ? e.data.retracts : e.data.corrects;
    const row = this.q.actionOf.get(id) as (Row & { pair: string; minAt: number; current: string }) | undefined;
    // The decider never amends an unknown action; a foreign log may. Such an event changes nothing.
    if (!row) return void (stored && this.q.dropEvent.run(e.position));
    const after = amend(JSON.parse(row.current) as KnownAction, e);
    if (e.type === 'ActionCorrected') this.linkResponses(e.data.inResponseTo, row.position);
    const minAt = Math.min(row.minAt, after.at);
    const retracted = after.retractedBy ? 1 : 0;
    this.q.updateAction.run(after.at, minAt, retracted, JSON.stringify(after), row.pair, row.at, row.position);
    if (stored) this.q.placeAmendment.run(row.position, minAt, e.position);
    else this.q.insertEvent.run(e.position, pair, e.revision, e.recordedAt, JSON.stringify(e), row.position, 1, minAt);
    this.q.dropSnapshots.run(row.pair, Math.min(row.at, after.at));
    if (!stored) this.sanctions.changed(after, row.position);
  }

  /**
   * Folds the tail after the last snapshot into new snapshots, `every` actions at a time, so a long
   * history is never held in memory whole. Each snapshot lists apart the packages lifted since the
   * one before it: its state holds none.
   */
  private snapshot(pair: string) {
    const last = this.q.lastSnapshot.get(pair) as Row | undefined;
    let from: Row = last ?? { at: Number.MIN_SAFE_INTEGER, position: 0 };
    // Most calls (a write or two since the last snapshot) have no full tail to fold: they are told
    // so by a count, without the tail's rows or the snapshot's state coming into JS.
    const { n } = this.q.tailLength.get(pair, from.at, from.position) as { n: number };
    if (n < this.every) return;
    let state = last ? this.stateAt(pair, last) : initialState();
    for (;;) {
      // all(), not iterate(): better-sqlite3 cannot write while a read cursor is open.
      const rows = this.q.tail.all(pair, from.at, from.position) as (Row & { current: string })[];
      if (rows.length < this.every) return;
      state = foldActions(
        rows.map((r) => JSON.parse(r.current) as KnownAction),
        withoutLifted(state),
      );
      from = rows[rows.length - 1];
      const snapshot = JSON.stringify(withoutLifted(state));
      this.q.insertSnapshot.run(pair, from.at, from.position, snapshot, JSON.stringify(state.sanctions.lifted));
    }
  }

  private stateAt(pair: string, { at, position }: Row): RelationState {
    const { state } = this.q.snapshotState.get(pair, at, position) as { state: string };
    return initialState(JSON.parse(state) as Partial<RelationState>);
  }
}
