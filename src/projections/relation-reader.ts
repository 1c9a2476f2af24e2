import type { Database, Statement } from 'better-sqlite3';
import { RecordedEvent } from '../domain/events';
import { Pair } from '../domain/pair';
import { byValidTime, foldActions } from '../domain/state/evolve';
import { KnownAction, knowledgeAt } from '../domain/state/knowledge';
import { initialState, RelationState } from '../domain/state/relation-state';
import { optionalInstant } from '../domain/time';

interface Snapshot {
  at: number;
  position: number;
  state: string;
}

const NO_SNAPSHOT = { at: Number.MIN_SAFE_INTEGER, position: 0, state: null };

/**
 * Answers the bitemporal fold from the read model without replaying a pair's whole
 * history: start from the latest snapshot that is valid for the question, fold the
 * few actions after it. Agrees with the pure `stateAt` of the domain (tested).
 */
export class RelationReader {
  private q: Record<string, Statement> = {};

  constructor(db: Database) {
    this.use(db);
  }

  /** Points the reader at another generation of the read store (after a rebuild). */
  use(db: Database): void {
    const sql = {
      pair: 'SELECT revision, last_recorded_at AS lastRecordedAt FROM pairs WHERE pair = ?',
      snapshot: `SELECT at, position, state FROM snapshots WHERE pair = ? AND at <= ? AND at < ?
        ORDER BY at DESC, position DESC LIMIT 1`,
      actionsAfter: `SELECT event_id AS eventId, current FROM actions
        WHERE pair = ? AND retracted = 0 AND (at, position) > (?, ?) AND at <= ? ORDER BY at, position`,
      earliestChangeAfter: 'SELECT MIN(affected_at) AS m FROM knowledge_changes WHERE pair = ? AND recorded_at > ?',
      eventsOfActionsChangedAfter: `SELECT pe.event FROM knowledge_changes kc JOIN pair_events pe ON pe.position = kc.position
        WHERE kc.pair = ? AND kc.recorded_at <= ? AND kc.action_id IN
          (SELECT action_id FROM knowledge_changes WHERE pair = ? AND recorded_at > ?)
        ORDER BY kc.position`,
      changedAfter: 'SELECT DISTINCT action_id AS id FROM knowledge_changes WHERE pair = ? AND recorded_at > ?',
      revisionAt: `SELECT revision FROM pair_events WHERE pair = ? AND recorded_at <= ?
        ORDER BY recorded_at DESC, position DESC LIMIT 1`,
      pairEvents: 'SELECT event FROM pair_events WHERE pair = ? AND recorded_at <= ? ORDER BY position',
      headRecordedAt: 'SELECT recorded_at AS t FROM pair_events ORDER BY position DESC LIMIT 1',
      counterparts: 'SELECT a, b FROM pairs WHERE a = ? UNION ALL SELECT a, b FROM pairs WHERE b = ? ORDER BY a, b',
      action: 'SELECT current FROM actions WHERE event_id = ?',
    };
    this.q = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)]));
  }

  /**
   * Resolves a question's times: asOf defaults to now, knownAt to the recordedAt of the
   * head of the log (now, for an empty log). Date-only values mean the end of that day.
   */
  resolveTimes(asOf: string | undefined, knownAt: string | undefined, now = Date.now()) {
    const head = (this.q.headRecordedAt.get() as { t: number } | undefined)?.t ?? now;
    return { asOf: optionalInstant('asOf', asOf, now), knownAt: optionalInstant('knownAt', knownAt, head) };
  }

  /** The state of a pair on `asOf` as known at `knownAt`, and the pair's revision then (-1: none). */
  stateAt(pair: Pair, asOf: number, knownAt: number): { state: RelationState; revision: number } {
    const key = pair.join('-');
    const head = this.q.pair.get(key) as { revision: number; lastRecordedAt: number } | undefined;
    if (!head) return { state: initialState(), revision: -1 };
    if (knownAt >= head.lastRecordedAt) {
      return { state: this.fold(key, asOf, Infinity, new Map()), revision: head.revision };
    }
    const revision = (this.q.revisionAt.get(key, knownAt) as { revision: number } | undefined)?.revision ?? -1;
    if (revision < 0) return { state: initialState(), revision };
    // Actions changed after knownAt are known differently now; snapshots before the
    // earliest valid time those changes touch still hold, and those actions are replayed.
    const { m } = this.q.earliestChangeAfter.get(key, knownAt) as { m: number };
    const events = (this.q.eventsOfActionsChangedAfter.all(key, knownAt, key, knownAt) as { event: string }[]).map(
      (r) => JSON.parse(r.event) as RecordedEvent,
    );
    const then = knowledgeAt(events, knownAt);
    const changed = this.q.changedAfter.all(key, knownAt) as { id: string }[];
    const replaced = new Map(changed.map(({ id }) => [id, then.get(id)]));
    return { state: this.fold(key, asOf, m, replaced), revision };
  }

  /**
   * Folds from the latest snapshot at or before asOf (and before `validBefore`), taking
   * `replaced` actions as given instead of their current rows (undefined: unknown then).
   */
  private fold(pair: string, asOf: number, validBefore: number, replaced: Map<string, KnownAction | undefined>) {
    const snap = (this.q.snapshot.get(pair, asOf, validBefore) as Snapshot | undefined) ?? NO_SNAPSHOT;
    const rows = this.q.actionsAfter.all(pair, snap.at, snap.position, asOf) as { eventId: string; current: string }[];
    const actions = rows.filter((r) => !replaced.has(r.eventId)).map((r) => JSON.parse(r.current) as KnownAction);
    for (const a of replaced.values()) {
      if (a && !a.retractedBy && a.at <= asOf) actions.push(a);
    }
    const from = snap.state ? (JSON.parse(snap.state) as RelationState) : initialState();
    return foldActions(actions.sort(byValidTime), from);
  }

  /** A pair's events in log order, as recorded up to knownAt. */
  pairEvents(pair: Pair, knownAt: number): RecordedEvent[] {
    return (this.q.pairEvents.all(pair.join('-'), knownAt) as { event: string }[]).map(
      (r) => JSON.parse(r.event) as RecordedEvent,
    );
  }

  /** Every pair a party has events with. */
  pairsOf(code: string): Pair[] {
    return (this.q.counterparts.all(code, code) as { a: string; b: string }[]).map((r) => [r.a, r.b] as const);
  }

  /** An action as now known (corrections applied, retraction marked). */
  action(eventId: string): KnownAction | undefined {
    const row = this.q.action.get(eventId) as { current: string } | undefined;
    return row && (JSON.parse(row.current) as KnownAction);
  }
}
