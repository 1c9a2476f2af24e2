import type { Database, Statement } from 'better-sqlite3';
import { RecordedEvent, sourceOf } from '../domain/events';
import { Pair } from '../domain/pair';
import { byValidTime, foldActions } from '../domain/state/evolve';
import { KnownAction, knowledgeAt } from '../domain/state/knowledge';
import { SanctionsPackage } from '../domain/areas/sanctions';
import { initialState, RelationState, withLiftedBefore, withoutLifted } from '../domain/state/relation-state';
import { optionalInstant } from '../domain/time';

interface Snapshot {
  at: number;
  position: number;
  state: string;
}

const NO_SNAPSHOT = { at: Number.MIN_SAFE_INTEGER, position: 0, state: null };

/** How a pair was known at some knownAt: what a fold of it takes (see `knowing`). */
interface Knowing {
  revision: number;
  /** The last log position of the pair known then. */
  upTo: number;
  /** Snapshots at or after this valid time were folded with knowledge from later. */
  validBefore: number;
  /** Actions amended since, by position, as they were known then (undefined: recorded later). */
  replaced: Map<number, KnownAction | undefined>;
}

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
      actionsAfter: `SELECT position, current FROM actions
        WHERE pair = ? AND (at, position) > (?, ?) AND at <= ? AND retracted = 0 AND position <= ? ORDER BY at, position`,
      actionsBetween: `SELECT position, current FROM actions
        WHERE pair = ? AND at >= ? AND at <= ? AND retracted = 0 AND position <= ? ORDER BY at, position`,
      liftedUpTo: 'SELECT lifted FROM snapshots WHERE pair = ? AND (at, position) <= (?, ?) ORDER BY at, position',
      earliestChangeAfter: 'SELECT MIN(affected_at) AS m FROM pair_events WHERE pair = ? AND recorded_at > ?',
      amendedAfter: `SELECT DISTINCT action_pos AS position FROM pair_events
        WHERE pair = ? AND recorded_at > ? AND amends = 1 AND action_pos <= ?`,
      eventsOf: `SELECT event FROM pair_events WHERE position = ?
        UNION ALL SELECT event FROM (SELECT event FROM pair_events
          WHERE amends = 1 AND action_pos = ? AND recorded_at <= ? ORDER BY position)`,
      knownThen: `SELECT revision, position FROM pair_events WHERE pair = ? AND recorded_at <= ?
        ORDER BY recorded_at DESC, position DESC LIMIT 1`,
      pairEvents: 'SELECT event FROM pair_events WHERE pair = ? AND recorded_at <= ? ORDER BY recorded_at, position',
      headRecordedAt: 'SELECT recorded_at AS t FROM pair_events ORDER BY position DESC LIMIT 1',
      pairsKnownAt: `SELECT a, b FROM pairs WHERE EXISTS (SELECT 1 FROM pair_events e
        WHERE e.pair = pairs.pair AND e.recorded_at <= ?) ORDER BY pair`,
      counterparts: 'SELECT a, b FROM pairs WHERE a = ? UNION ALL SELECT a, b FROM pairs WHERE b = ? ORDER BY a, b',
      recordedBetween: `SELECT event FROM pair_events WHERE pair = ? AND recorded_at > ? AND recorded_at <= ?
        ORDER BY position`,
      action: 'SELECT current FROM actions WHERE position = ?',
      fromDataset: `SELECT e.event FROM sources s JOIN pair_events e ON e.position = s.position
        WHERE s.dataset = ? AND s.position > ? ORDER BY s.position LIMIT ?`,
      fromFile: `SELECT e.event FROM sources s JOIN pair_events e ON e.position = s.position
        WHERE s.dataset = ? AND s.file = ? AND s.position > ? ORDER BY s.position LIMIT ?`,
      positionOf: 'SELECT position FROM actions WHERE event_id = ?',
      responders: 'SELECT from_position AS position FROM responses WHERE to_id = ? ORDER BY from_position',
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

  /**
   * The state of a pair on `asOf` as known at `knownAt`, and the pair's revision then (-1: none).
   * Its `lifted` list is empty unless `withLifted`: the packages lifted before the snapshot the
   * fold starts from are listed apart, one row per snapshot, read only when asked for.
   */
  stateAt(pair: Pair, asOf: number, knownAt: number, withLifted = false): { state: RelationState; revision: number } {
    const key = pair.join('-');
    const known = this.knowing(key, knownAt);
    if (!known) return { state: initialState(), revision: -1 };
    return { state: this.fold(key, asOf, known, withLifted), revision: known.revision };
  }

  /**
   * A pair's history to walk through valid time: its state on the eve of `from`, and its actions from `from`
   * to `to` in fold order, retracted ones left out, all as known at `knownAt`; undefined for a pair the ledger
   * did not know then. The actions are read from the store as they are iterated: iterate them to the end
   * before anything else uses this reader (within the same turn of the event loop).
   */
  walk(pair: Pair, from: number, to: number, knownAt: number) {
    const key = pair.join('-');
    const known = this.knowing(key, knownAt);
    if (!known) return undefined;
    return { start: this.fold(key, from - 1, known, false), actions: this.actionsIn(key, from, to, known) };
  }

  /**
   * How a pair was known at `knownAt`: as known now when nothing was recorded for it since. Otherwise actions
   * recorded after knownAt are left out by position; those amended after it are known differently now: they
   * are replayed as they were then, and only snapshots before the earliest valid time any later change
   * touched still hold. Undefined when nothing of the pair was recorded by then.
   */
  private knowing(key: string, knownAt: number): Knowing | undefined {
    const head = this.q.pair.get(key) as { revision: number; lastRecordedAt: number } | undefined;
    if (!head) return undefined;
    if (knownAt >= head.lastRecordedAt) {
      return { revision: head.revision, upTo: Infinity, validBefore: Infinity, replaced: new Map() };
    }
    const then = this.q.knownThen.get(key, knownAt) as { revision: number; position: number } | undefined;
    if (!then) return undefined;
    const { m } = this.q.earliestChangeAfter.get(key, knownAt) as { m: number };
    const replaced = new Map<number, KnownAction | undefined>();
    for (const { position } of this.q.amendedAfter.all(key, knownAt, then.position) as { position: number }[]) {
      replaced.set(position, this.knownThen(position, knownAt));
    }
    return { revision: then.revision, upTo: then.position, validBefore: m, replaced };
  }

  /**
   * Folds from the latest snapshot at or before asOf (and before `validBefore`) the actions
   * recorded up to position `upTo`, taking `replaced` ones as given instead of their current rows.
   */
  private fold(pair: string, asOf: number, known: Knowing, withLifted: boolean): RelationState {
    const { validBefore, upTo, replaced } = known;
    const snap = (this.q.snapshot.get(pair, asOf, validBefore) as Snapshot | undefined) ?? NO_SNAPSHOT;
    const rows = this.q.actionsAfter.all(pair, snap.at, snap.position, asOf, upTo) as {
      position: number;
      current: string;
    }[];
    const actions = rows.filter((r) => !replaced.has(r.position)).map((r) => JSON.parse(r.current) as KnownAction);
    for (const a of replaced.values()) {
      if (a && !a.retractedBy && a.at <= asOf) actions.push(a);
    }
    const from = initialState(snap.state ? (JSON.parse(snap.state) as Partial<RelationState>) : {});
    const state = foldActions(actions.sort(byValidTime), from, asOf);
    if (!withLifted) return withoutLifted(state);
    const before = (this.q.liftedUpTo.all(pair, snap.at, snap.position) as { lifted: string }[]).flatMap(
      (r) => JSON.parse(r.lifted) as SanctionsPackage[],
    );
    return withLiftedBefore(state, before);
  }

  /** The actions of a pair with valid times from..to, in fold order, as `known`, retracted ones left out. */
  private *actionsIn(pair: string, from: number, to: number, { upTo, replaced }: Knowing): Generator<KnownAction> {
    const then = [...replaced.values()]
      .filter((a): a is KnownAction => !!a && !a.retractedBy && a.at >= from && a.at <= to)
      .sort(byValidTime);
    let i = 0;
    for (const row of this.q.actionsBetween.iterate(pair, from, to, upTo) as Iterable<{
      position: number;
      current: string;
    }>) {
      if (replaced.has(row.position)) continue;
      const action = JSON.parse(row.current) as KnownAction;
      while (i < then.length && byValidTime(then[i], action) < 0) yield then[i++];
      yield action;
    }
    yield* then.slice(i);
  }

  /** A pair's events in log order, as recorded up to knownAt. */
  pairEvents(pair: Pair, knownAt: number): RecordedEvent[] {
    return (this.q.pairEvents.all(pair.join('-'), knownAt) as { event: string }[]).map(
      (r) => JSON.parse(r.event) as RecordedEvent,
    );
  }

  /** The pairs with events recorded by `knownAt`, in order: those involving one of `parties`, if given. */
  pairsKnownAt(knownAt: number, parties?: readonly string[]): Pair[] {
    const rows = this.q.pairsKnownAt.all(knownAt) as { a: string; b: string }[];
    const wanted = parties && new Set(parties);
    return rows.filter((r) => !wanted || wanted.has(r.a) || wanted.has(r.b)).map((r) => [r.a, r.b] as const);
  }

  /** Every pair a party has events with. */
  pairsOf(code: string): Pair[] {
    return (this.q.counterparts.all(code, code) as { a: string; b: string }[]).map((r) => [r.a, r.b] as const);
  }

  /** A pair's events recorded after `after` and up to `upTo` (transaction time), in log order. */
  recordedBetween(pair: Pair, after: number, upTo: number): RecordedEvent[] {
    return (this.q.recordedBetween.all(pair.join('-'), after, upTo) as { event: string }[]).map(
      (r) => JSON.parse(r.event) as RecordedEvent,
    );
  }

  /**
   * Up to `limit` imported actions from a dataset, or from one file of it, after a log position, in log order:
   * from the index of their provenance, so a page costs the same however long the log.
   */
  fromSource(source: ReturnType<typeof sourceOf>, after: number, limit: number): RecordedEvent[] {
    const rows = (
      source.file === undefined
        ? this.q.fromDataset.all(source.dataset, after, limit)
        : this.q.fromFile.all(source.dataset, source.file, after, limit)
    ) as { event: string }[];
    return rows.map((r) => JSON.parse(r.event) as RecordedEvent);
  }

  /** The action at a log position as known at knownAt: undefined if it was recorded later. */
  private knownThen(position: number, knownAt: number): KnownAction | undefined {
    const events = (this.q.eventsOf.all(position, position, knownAt) as { event: string }[]).map(
      (r) => JSON.parse(r.event) as RecordedEvent,
    );
    return events.length ? knowledgeAt(events, knownAt).get(events[0].eventId) : undefined;
  }

  /** An action of any pair, by id, as known at knownAt. */
  actionAsKnown(eventId: string, knownAt: number): KnownAction | undefined {
    const row = this.q.positionOf.get(eventId) as { position: number } | undefined;
    return row && this.knownThen(row.position, knownAt);
  }

  /** The actions, of any pair, that answer an action (inResponseTo) as known at knownAt, not retracted. */
  respondersTo(eventId: string, knownAt: number): KnownAction[] {
    return (this.q.responders.all(eventId) as { position: number }[])
      .map(({ position }) => this.knownThen(position, knownAt))
      .filter((a): a is KnownAction => !!a && !a.retractedBy && !!a.inResponseTo?.includes(eventId));
  }

  /** The action at a log position as now known (corrections applied, retraction marked). */
  action(position: number): KnownAction | undefined {
    const row = this.q.action.get(position) as { current: string } | undefined;
    return row && (JSON.parse(row.current) as KnownAction);
  }
}
