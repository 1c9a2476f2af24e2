import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ACTION_TYPES, ActionType, CATALOGUE } from '../domain/catalogue/catalogue';
import { RecordedEvent } from '../domain/events';
import { pairOf, streamOf } from '../domain/pair';
import { effectiveActions, knowledgeAt } from '../domain/state/knowledge';
import { stateAt } from '../domain/state/state-at';
import { StateView, viewState } from '../domain/state/view';
import { parseInstant } from '../domain/time';
import { DETAILS, NAMES_PACKAGE, seeded } from '../../test/support/generators';
import { history } from '../../test/support/history';
import { MembershipsAt } from './memberships';
import { openReadStore } from './read-store';
import { RelationReader } from './relation-reader';
import { RelationsProjection } from './relations.projection';

const STATES = ['PL', 'DE', 'GB'];
const ORGS = ['EU', 'NATO'];
/** The counterpart the states and organisations act on, and are acted on by. */
const OTHER = 'RU';
const DATES = ['2003-01-01', '2004-05-01', '2010-06-15', '2016-06-23', '2020-01-31', '2022-02-24'];
/** The types two parties of any kind may record (not membership). */
const BETWEEN = ACTION_TYPES.filter((t) => !CATALOGUE[t].parties);

type Op =
  | { op: 'member'; state: number; org: number; joins: boolean; date: number }
  | { op: 'act'; by: number; flip: boolean; type: ActionType; date: number; seed: number }
  | { op: 'retract'; n: number }
  | { op: 'move'; n: number; date: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('member' as const),
      state: fc.nat(STATES.length - 1),
      org: fc.nat(ORGS.length - 1),
      joins: fc.boolean(),
      date: fc.nat(DATES.length - 1),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('act' as const),
      // by < ORGS.length: an organisation acts; else a state.
      by: fc.nat(ORGS.length + STATES.length - 1),
      flip: fc.boolean(),
      type: fc.constantFrom(...BETWEEN),
      date: fc.nat(DATES.length - 1),
      seed: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retract' as const), n: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('move' as const), n: fc.nat(), date: fc.nat(DATES.length - 1) }),
  },
);

/** A log of joins and exits, and of what organisations and states did to RU and RU to them, amended now and then. */
function build(ops: Op[]): RecordedEvent[] {
  const h = history();
  const ids: string[] = [];
  const retracted = new Set<string>();
  const packages = new Map<string, string[]>();
  for (const o of ops) {
    if (o.op === 'member') {
      const type = o.joins ? 'MembershipJoined' : 'MembershipLeft';
      ids.push(h.action(type, STATES[o.state], ORGS[o.org], DATES[o.date]));
    } else if (o.op === 'act') {
      const party = o.by < ORGS.length ? ORGS[o.by] : STATES[o.by - ORGS.length];
      const [actor, target] = o.flip ? [OTHER, party] : [party, OTHER];
      const own = packages.get(`${actor}>${target}`) ?? [];
      const type = NAMES_PACKAGE.has(o.type) && !own.length ? 'SanctionsImposed' : o.type;
      const details = DETAILS[type]({ rnd: seeded(o.seed), packages: own, occurredAt: DATES[o.date] });
      const id = h.action(type, actor, target, DATES[o.date], details);
      if (type === 'SanctionsImposed') packages.set(`${actor}>${target}`, [...own, id]);
      ids.push(id);
    } else {
      const live = ids.filter((id) => !retracted.has(id));
      if (!live.length) continue;
      const id = live[o.n % live.length];
      if (o.op === 'move') h.correct(id, { occurredAt: DATES[o.date] });
      else {
        h.retract(id);
        retracted.add(id);
      }
    }
  }
  return h.events;
}

function project(events: RecordedEvent[]): RelationReader {
  const db: Database.Database = openReadStore(':memory:');
  const projection = new RelationsProjection(db, { every: 3 });
  db.transaction(() => (projection.apply(events), projection.settle()))();
  return new RelationReader(db);
}

/**
 * The model, from the log alone: a state is a member of an organisation on `asOf` when, of the membership
 * actions of that pair in effect as known at `knownAt`, the last to take effect by `asOf` is a join.
 */
function membersOf(events: RecordedEvent[], org: string, asOf: number, knownAt: number) {
  return STATES.flatMap((state) => {
    const own = events.filter((e) => e.stream === streamOf(pairOf(state, org)));
    const last = effectiveActions(knowledgeAt(own, knownAt))
      .filter((a) => a.at <= asOf)
      .pop();
    return last?.type === 'MembershipJoined' ? [{ code: state, since: last.occurredAt }] : [];
  });
}

/** The areas a view lists entry by entry, but membership itself: what a member inherits. */
const listsOf = (v: StateView) =>
  (Object.keys(v) as (keyof StateView)[]).filter((k) => Array.isArray(v[k]) && k !== 'membership');

describe('memberships and what members inherit (given a log / then the read model agrees with the model)', () => {
  it('members on any date as known at any time, and each inherited entry marked via the organisation', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(DATES.length - 1), fc.double({ min: 0, max: 1.2, noNaN: true })), {
          minLength: 1,
          maxLength: 6,
        }),
        (ops, questions) => {
          const events = build(ops);
          const reader = project(events);
          const [first, last] = [events[0]?.recordedAt ?? 0, events[events.length - 1]?.recordedAt ?? 0];
          for (const [d, k] of questions) {
            const asOf = parseInstant('asOf', DATES[d], 'end-of-day');
            const knownAt = Math.round(first - 1 + k * (last - first + 1));
            const at = new MembershipsAt(reader, asOf, knownAt);
            const view = (a: string, b: string) =>
              viewState(
                stateAt(
                  events.filter((e) => e.stream === streamOf(pairOf(a, b))),
                  asOf,
                  knownAt,
                ),
              );
            const byCode = (xs: { code: string }[]) => [...xs].sort((x, y) => x.code.localeCompare(y.code));
            for (const org of ORGS)
              expect(byCode(at.members(org))).toEqual(byCode(membersOf(events, org, asOf, knownAt)));

            for (const state of STATES) {
              const orgs = ORGS.filter((org) => membersOf(events, org, asOf, knownAt).some((m) => m.code === state));
              expect([...at.organisationsOf(state)].sort()).toEqual(orgs);
              // The pair's own view, then each organisation's entries on RU, in every list, marked via it.
              const own = view(state, OTHER);
              const inherited = at.inherit(own, state, OTHER, {});
              const lists = listsOf(own);
              for (const list of lists) {
                const expected: object[] = [
                  ...(own[list] as object[]),
                  ...orgs.flatMap((org) => (view(org, OTHER)[list] as object[]).map((e) => ({ ...e, via: org }))),
                ];
                expect(inherited[list]).toEqual(expected);
              }
              // What is not a list stays the pair's own: status, counts, index.
              const rest = (v: StateView) => ({ ...v, ...Object.fromEntries(lists.map((l) => [l, []])) });
              expect(rest(inherited)).toEqual(rest(own));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
