import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ACTION_TYPES, ActionType } from '../domain/catalogue/catalogue';
import { RecordedEvent } from '../domain/events';
import { Pair, streamOf } from '../domain/pair';
import { withoutLifted } from '../domain/state/relation-state';
import { effectiveActions, knowledgeAt } from '../domain/state/knowledge';
import { stateAt } from '../domain/state/state-at';
import { viewState } from '../domain/state/view';
import { NOT_IN_FORCE, PACKAGE_STATUSES, SanctionsPackage } from '../domain/areas/sanctions';
import { parseInstant } from '../domain/time';
import { DETAILS, NAMES_PACKAGE, qualifiers, seeded } from '../../test/support/generators';
import { history } from '../../test/support/history';
import { openReadStore } from './read-store';
import { RelationReader } from './relation-reader';
import { RelationsProjection } from './relations.projection';
import { SanctionsReader } from './sanctions-reader';

const PAIRS: Pair[] = [
  ['JP', 'RU'],
  ['GB', 'RU'],
];
const DATES = ['2022-01-01', '2022-02-01', '2022-02-01T12:00:00Z', '2022-03-01', '2022-04-01', '2022-05-01'];
/** When actions take effect: the dates, and a month and a year, which fold at their start (ties with a date). */
const OCCURRED = [...DATES, '2022-03', '2022'];
/** One step of a random history: an action, or an amendment of the n-th earlier action. */
type Op =
  | { op: 'act'; pair: number; flip: boolean; type: ActionType; date: number; seed: number }
  | { op: 'retract'; n: number }
  | { op: 'correct'; n: number; date: number; seed: number; details: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('act' as const),
      pair: fc.nat(1),
      flip: fc.boolean(),
      type: fc.constantFrom(...ACTION_TYPES),
      date: fc.nat(OCCURRED.length - 1),
      seed: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retract' as const), n: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('correct' as const),
      n: fc.nat(),
      date: fc.nat(OCCURRED.length - 1),
      seed: fc.nat(),
      details: fc.boolean(),
    }),
  },
);

/** Interprets ops into a log the decider could have written (valid references, no double retraction). */
function build(ops: Op[]) {
  const h = history();
  const actions: { id: string; type: ActionType; actor: string; target: string; retracted: boolean }[] = [];
  const packagesOf = (actor: string, target: string) =>
    actions
      .filter((a) => a.type === 'SanctionsImposed' && a.actor === actor && a.target === target && !a.retracted)
      .map((a) => a.id);
  for (const o of ops) {
    if (o.op === 'act') {
      const [actor, target] = o.flip ? [...PAIRS[o.pair]].reverse() : PAIRS[o.pair];
      const packages = packagesOf(actor, target);
      // A type that names a package, drawn where there is none yet, imposes one.
      const type = NAMES_PACKAGE.has(o.type) && !packages.length ? 'SanctionsImposed' : o.type;
      const rnd = seeded(o.seed);
      const details = DETAILS[type]({ rnd, packages, occurredAt: OCCURRED[o.date] });
      const id = h.action(type, actor, target, OCCURRED[o.date], details, {
        qualifiers: qualifiers(
          rnd,
          actions.map((a) => a.id),
        ),
      });
      actions.push({ id, type, actor, target, retracted: false });
      continue;
    }
    const live = actions.filter((a) => !a.retracted);
    if (!live.length) continue;
    const a = live[o.n % live.length];
    if (o.op === 'retract') {
      h.retract(a.id);
      a.retracted = true;
    } else {
      // Corrected details may name another package of the pair: the decider allows it.
      const draw = { rnd: seeded(o.seed), packages: packagesOf(a.actor, a.target), occurredAt: OCCURRED[o.date] };
      const drawable = !NAMES_PACKAGE.has(a.type) || draw.packages.length > 0;
      const details = o.details && drawable ? { details: DETAILS[a.type](draw) } : {};
      const answers = actions.filter((x) => x.id !== a.id).map((x) => x.id);
      h.correct(a.id, { occurredAt: OCCURRED[o.date], ...details, ...qualifiers(draw.rnd, answers) });
    }
  }
  return h.events;
}

/** The readers of a read store: relations, and sanctions across pairs. */
const readers = (db: Database.Database) => {
  const relations = new RelationReader(db);
  return { relations, sanctions: new SanctionsReader(db, relations) };
};

/** The events in batches of the sizes `splits` draws (plus one each), the rest in the last. */
function* batches(events: RecordedEvent[], splits: number[]) {
  let from = 0;
  for (const size of [...splits, events.length]) {
    yield { batch: events.slice(from, from + size + 1), size };
    from += size + 1;
    if (from >= events.length) break;
  }
}

function project(events: RecordedEvent[], splits: number[], every: number) {
  const db: Database.Database = openReadStore(':memory:');
  const projection = new RelationsProjection(db, { every });
  const apply = db.transaction((batch: RecordedEvent[], settle: boolean) => {
    projection.apply(batch);
    if (settle) projection.settle();
  });
  // Some batches leave their pairs unsettled, as a catch-up does: queries must not care.
  for (const { batch, size } of batches(events, splits)) apply(batch, size % 3 !== 0);
  return readers(db);
}

/** As a rebuild fills a generation: rows appended a page at a time, amendments, pairs and indexes at the end. */
function fill(events: RecordedEvent[], splits: number[], every: number) {
  const db: Database.Database = openReadStore(':memory:', true);
  const projection = new RelationsProjection(db, { every, filling: true });
  db.transaction(() => {
    for (const { batch } of batches(events, splits)) projection.apply(batch);
    for (const step of projection.finishingSteps()) step();
    projection.settle();
  })();
  return readers(db);
}

describe('the relations read model (given events / then projected state)', () => {
  it('incrementally maintained, rebuilt whole, and the pure bitemporal fold agree for any history, asOf and knownAt', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 80 }),
        fc.array(fc.nat(20), { maxLength: 10 }),
        fc.integer({ min: 1, max: 6 }),
        // k scales knownAt from before the first event to after the last: half the questions ask the head.
        fc.array(
          fc.tuple(
            fc.nat(1),
            fc.nat(DATES.length - 1),
            fc.oneof(fc.constant(2), fc.double({ min: 0, max: 1, noNaN: true })),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (ops, splits, every, questions) => {
          const events = build(ops);
          const live = project(events, splits, every);
          const rebuilt = fill(events, [...splits].reverse(), every);
          const first = events[0]?.recordedAt ?? 0;
          const last = events[events.length - 1]?.recordedAt ?? 0;
          for (const [p, d, k] of questions) {
            const pair = PAIRS[p];
            const asOf = parseInstant('asOf', DATES[d], 'end-of-day');
            const knownAt = Math.round(first - 1 + k * (last - first + 1));
            const own = events.filter((e) => e.stream === streamOf(pair));
            const expected = stateAt(own, asOf, knownAt);
            expect(live.relations.stateAt(pair, asOf, knownAt, true).state).toEqual(expected);
            // The same state and the same revision, the pair's last event's as known then.
            const revision = own.filter((e) => e.recordedAt <= knownAt).at(-1)?.revision ?? -1;
            expect(live.relations.stateAt(pair, asOf, knownAt).revision).toBe(revision);
            expect(rebuilt.relations.stateAt(pair, asOf, knownAt, true)).toEqual(
              live.relations.stateAt(pair, asOf, knownAt, true),
            );
            // Without lifted packages asked for, the rest is the same.
            expect(live.relations.stateAt(pair, asOf, knownAt).state).toEqual(withoutLifted(expected));
            // A walk from DATES[d] on: the state on its eve, then every action as then known, in fold order.
            const from = parseInstant('from', DATES[d], 'start-of-day');
            const to = parseInstant('to', DATES[DATES.length - 1], 'end-of-day');
            const walk = live.relations.walk(pair, from, to, knownAt);
            const known = effectiveActions(knowledgeAt(own, knownAt));
            if (!own.some((e) => e.recordedAt <= knownAt)) expect(walk).toBeUndefined();
            else {
              expect(walk!.start).toEqual(withoutLifted(stateAt(own, from - 1, knownAt)));
              expect([...walk!.actions]).toEqual(known.filter((a) => a.at >= from && a.at <= to));
            }
            // Who answered each action, of any pair, as known then.
            const all = knowledgeAt(events, knownAt);
            for (const id of all.keys()) {
              const answers = [...all.values()]
                .filter((a) => !a.retractedBy && a.inResponseTo?.includes(id))
                .map((a) => a.eventId);
              expect(live.relations.respondersTo(id, knownAt).map((a) => a.eventId)).toEqual(answers);
              expect(rebuilt.relations.respondersTo(id, knownAt).map((a) => a.eventId)).toEqual(answers);
              expect(live.relations.actionAsKnown(id, knownAt)).toEqual(all.get(id));
            }
            // The search across pairs finds every package of every pair, in every status, as the fold has it.
            const packagesOfAll = PAIRS.flatMap(
              (pr) =>
                viewState(
                  stateAt(
                    events.filter((e) => e.stream === streamOf(pr)),
                    asOf,
                    knownAt,
                  ),
                  {
                    include: NOT_IN_FORCE,
                  },
                ).sanctions,
            );
            const byId = (ps: SanctionsPackage[]) => [...ps].sort((x, y) => x.id.localeCompare(y.id));
            const f = { asOf, knownAt, statuses: PACKAGE_STATUSES };
            for (const r of [live, rebuilt]) {
              expect(byId(r.sanctions.packages(f, 0, 1000).found.map((x) => x.package))).toEqual(byId(packagesOfAll));
              const active = r.sanctions.packages({ ...f, statuses: ['active'], target: pair[1] }, 0, 1000);
              const expectedActive = packagesOfAll.filter((x) => x.status === 'active' && x.target === pair[1]);
              expect(byId(active.found.map((x) => x.package))).toEqual(byId(expectedActive));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers from a snapshot once a pair has more actions than the snapshot interval', () => {
    const h = history();
    for (let i = 0; i < 25; i++)
      h.action('DiplomatsExpelled', 'GB', 'RU', `2018-03-${String(i + 1).padStart(2, '0')}`, { count: 1 });
    const db = openReadStore(':memory:');
    const projection = new RelationsProjection(db, { every: 10 });
    db.transaction(() => (projection.apply(h.events), projection.settle()))();
    expect((db.prepare('SELECT COUNT(*) AS n FROM snapshots').get() as { n: number }).n).toBe(2);
    const reader = new RelationReader(db);
    const asOf = parseInstant('asOf', '2018-03-15', 'end-of-day');
    expect(reader.stateAt(['GB', 'RU'], asOf, Infinity).state.incidents).toEqual({ DiplomatsExpelled: 15 });
  });

  it('drops the snapshots a backdated action invalidates, and folds them again', () => {
    const h = history();
    for (let i = 0; i < 20; i++)
      h.action('DiplomatsExpelled', 'GB', 'RU', `2018-03-${String(i + 1).padStart(2, '0')}`, { count: 1 });
    const db = openReadStore(':memory:');
    const projection = new RelationsProjection(db, { every: 10 });
    db.transaction(() => (projection.apply(h.events), projection.settle()))();
    const backdated = h.action('DiplomaticRelationsSevered', 'GB', 'RU', '2018-01-01');
    db.transaction(() => (projection.apply(h.events.slice(-1)), projection.settle()))();
    const snapshots = db.prepare('SELECT state FROM snapshots ORDER BY at').all() as { state: string }[];
    expect(snapshots).toHaveLength(2);
    expect(JSON.parse(snapshots[0].state).diplomaticRelations.eventId).toBe(backdated);
  });
});

describe('corrections that move an action in valid time', () => {
  it.each([
    ['later', '2018-03-01', '2018-03-10'],
    ['earlier', '2018-03-10', '2018-03-01'],
  ])('re-folds the snapshots between the old and the new date when it moves %s', (_, from, to) => {
    const h = history();
    const moved = h.action('DiplomaticRelationsSevered', 'GB', 'RU', from);
    for (let d = 2; d <= 9; d++) h.action('ProtestLodged', 'GB', 'RU', `2018-03-0${d}`);
    h.correct(moved, { occurredAt: to });
    const db = openReadStore(':memory:');
    const projection = new RelationsProjection(db, { every: 2 });
    for (const e of h.events) db.transaction(() => (projection.apply([e]), projection.settle()))();
    const reader = new RelationReader(db);
    for (let d = 1; d <= 10; d++) {
      const asOf = parseInstant('asOf', `2018-03-${String(d).padStart(2, '0')}`, 'end-of-day');
      expect(reader.stateAt(['GB', 'RU'], asOf, Infinity).state).toEqual(stateAt(h.events, asOf));
    }
  });
});
