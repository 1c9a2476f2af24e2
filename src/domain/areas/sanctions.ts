import { Static, Type } from '@sinclair/typebox';
import { about } from '../errors';
import { ActionOf, Area, keyedChanges, Nullable, OneOf, weighEntries } from './area';
import {
  checkLifted,
  checkUniqueIds,
  endOf,
  Entity,
  entityName,
  entityTerms,
  Measure,
  MEASURE_KINDS,
  MeasureKind,
  notBefore,
  SanctionsAmendedDetails,
  SanctionsImposedDetails,
  SanctionsLiftedDetails,
  SanctionsReinstatedDetails,
  SanctionsRenewedDetails,
  SanctionsSuspendedDetails,
  withMeasureIds,
} from './sanctions-details';

export { MEASURE_KINDS, Measure };
export type { MeasureKind };

const types = {
  SanctionsImposed: {
    cameo: '163',
    goldstein: -8.0,
    description:
      'Imposes a sanctions package on the target; the package id is this event id. With expiresAt it lapses ' +
      'after that date unless renewed.',
    details: SanctionsImposedDetails,
    check: (d: SanctionsImposedDetails, occurredAt: string) => [
      ...checkUniqueIds(withMeasureIds(d.measures), 'details.measures'),
      ...notBefore('expiresAt', d.expiresAt, occurredAt),
    ],
  },
  SanctionsRenewed: {
    cameo: '163',
    goldstein: 0,
    indexed: false as const,
    description: "Sets a package's expiry (usually later): the same package stays in force, under the same id.",
    rationale:
      'CAMEO has no code for prolonging a measure; prolonging sanctions is coded as imposing them (163). Its ' +
      'score is 0 and it stays out of the relations index: the package was scored when imposed, and the EU ' +
      'renewing the same measures every six months is paperwork, not twenty-two new sanctions.',
    details: SanctionsRenewedDetails,
    check: (d: SanctionsRenewedDetails, occurredAt: string) => notBefore('expiresAt', d.expiresAt, occurredAt),
  },
  SanctionsAmended: {
    cameo: '163',
    goldstein: -8.0,
    description:
      'Adds measures to a package (from this date on) and/or takes measures out of it, by id. Added measures ' +
      'without an id get the next free m<n> of the package.',
    rationale:
      "An amendment is how a regime grows (the EU's 2022 measures amended its 2014 decision): CAMEO 163, " +
      'imposing sanctions, scored as an imposition. Relief is recorded as SanctionsLifted (by measureIds), ' +
      'which CAMEO codes as easing (085).',
    details: SanctionsAmendedDetails,
    check: (d: SanctionsAmendedDetails) => [
      ...(d.add === undefined && d.remove === undefined
        ? [about('details', ': an amendment must add measures, remove some, or both')]
        : []),
      ...checkUniqueIds(d.add ?? [], 'details.add'),
    ],
  },
  SanctionsSuspended: {
    cameo: '085',
    goldstein: 7.0,
    description:
      'Suspends a package (JCPOA-style relief): not in force while suspended; with until, the suspension ends ' +
      'by itself after that date.',
    rationale:
      'CAMEO 085, "ease economic sanctions, boycott, or embargo", makes no difference between lifting and ' +
      'suspending: the relief is the same while it lasts, and the reinstatement scores the return.',
    details: SanctionsSuspendedDetails,
    check: (d: SanctionsSuspendedDetails, occurredAt: string) => notBefore('until', d.until, occurredAt),
  },
  SanctionsReinstated: {
    cameo: '163',
    goldstein: -8.0,
    description: 'Ends the suspension of a package: it is in force again (unless it lapsed meanwhile).',
    rationale: 'A snapback imposes the suspended sanctions again: CAMEO 163, scored as an imposition.',
    details: SanctionsReinstatedDetails,
  },
  SanctionsLifted: {
    cameo: '085',
    goldstein: 7.0,
    description:
      'Lifts a package (sanctionsId), some of its measures (sanctionsId and measureIds), some entities from its ' +
      "measures (sanctionsId and entities), or some kinds of measures from all the actor's packages on the " +
      'target (kinds). A package with no measure left in force is lifted.',
    details: SanctionsLiftedDetails,
    check: checkLifted,
  },
};

const Since = Type.String({ description: 'occurredAt of the action that gave it' });

const EntityIdsSchema = Type.Object({
  opensanctions: Type.Optional(Type.String()),
  wikidata: Type.Optional(Type.String()),
});
const EntitySchema = Type.Union([
  Type.String(),
  Type.Object({ name: Type.String(), ids: Type.Optional(EntityIdsSchema) }),
]);

const MeasureSchema = Type.Object({
  id: Type.String(),
  kind: OneOf(MEASURE_KINDS),
  description: Type.Optional(Type.String()),
  items: Type.Optional(Type.Integer()),
  entities: Type.Optional(Type.Array(EntitySchema)),
  status: OneOf(['active', 'lifted']),
  since: Since,
  liftedAt: Type.Optional(Type.String()),
  liftedBy: Type.Optional(Type.String()),
  /** Entities taken off the measure's list. */
  delisted: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        ids: Type.Optional(EntityIdsSchema),
        delistedAt: Type.String(),
        delistedBy: Type.String(),
      }),
    ),
  ),
});
type MeasureState = Static<typeof MeasureSchema>;

export const PACKAGE_STATUSES = ['active', 'suspended', 'lapsed', 'lifted'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];
/** The statuses a state lists only when asked (`include=`): every package not in force. */
export const NOT_IN_FORCE = ['lifted', 'suspended', 'lapsed'] as const;

const Package = Type.Object({
  id: Type.String({ description: 'The eventId of the SanctionsImposed' }),
  imposedBy: Type.String(),
  target: Type.String(),
  since: Type.String(),
  status: OneOf(PACKAGE_STATUSES),
  expiresAt: Nullable(Type.String({ description: 'The package lapses after it unless renewed' })),
  renewals: Type.Array(Type.Object({ eventId: Type.String(), renewedAt: Type.String(), expiresAt: Type.String() })),
  program: Type.Optional(Type.String()),
  legalBasis: Type.Optional(
    Type.Array(Type.Object({ authority: Type.String(), instrument: Type.String(), url: Type.Optional(Type.String()) })),
  ),
  measures: Type.Array(MeasureSchema, { description: 'In force (or, for a lifted package, in force when lifted)' }),
  liftedMeasures: Type.Array(MeasureSchema, { description: 'Lifted one by one, by kind, or taken out by amendment' }),
  suspension: Type.Optional(
    Type.Object({ since: Type.String(), until: Nullable(Type.String()), eventId: Type.String() }),
  ),
  liftedAt: Type.Optional(Type.String()),
  liftedBy: Type.Optional(Type.String()),
});
export type SanctionsPackage = Static<typeof Package>;

/**
 * The packages not lifted (in force, suspended or lapsed) by id, and those lifted, in the order the fold
 * lifted them: kept apart so that what a fold step touches, and what a snapshot holds, follows what is not
 * yet lifted, not the history. `due`: the earliest instant at which a package changes by time alone (a
 * lapse, a suspension's end), so that advancing the slice to an earlier instant costs nothing.
 */
export interface Sanctions {
  packages: Record<string, SanctionsPackage>;
  lifted: SanctionsPackage[];
  due: number | null;
}

type Action = ActionOf<typeof types>;

/** A package as it stands at instant `t`: lapsed after its expiry, suspended until its suspension ends. */
function atInstant(p: SanctionsPackage, t: number): SanctionsPackage {
  const { suspension, ...rest } = p;
  const suspensionOver = !!suspension && suspension.until !== null && t > endOf(suspension.until);
  const lapsed = p.expiresAt !== null && t > endOf(p.expiresAt);
  const status = lapsed ? 'lapsed' : suspension && !suspensionOver ? 'suspended' : 'active';
  if (status === p.status && !suspensionOver) return p;
  return { ...rest, status, ...(suspension && !suspensionOver && { suspension }) };
}

/** The first instant after `t` at which the package changes by time alone (it lapses, its suspension ends), or null. */
export function nextChange(p: SanctionsPackage, t: number): number | null {
  const ends = [p.expiresAt, p.suspension?.until ?? null].flatMap((v) => (v === null ? [] : [endOf(v) + 1]));
  const later = ends.filter((e) => e > t);
  return later.length ? Math.min(...later) : null;
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** A slice holding these packages (none lifted) as they stand at `at`: where a fold may go on from. */
export const sanctionsAt = (packages: SanctionsPackage[], at: number): Sanctions => ({
  packages: Object.fromEntries(packages.map((p) => [p.id, p])),
  lifted: [],
  due: packages.reduce<number | null>((due, p) => earliest(due, nextChange(p, at)), null),
});

/** Puts a changed package in place, in the form it has at the action's instant. */
function put(s: Sanctions, p: SanctionsPackage, a: Action) {
  const q = atInstant(p, a.at);
  s.packages[q.id] = q;
  s.due = earliest(s.due, nextChange(q, a.at));
}

function liftPackage(s: Sanctions, p: SanctionsPackage, a: Action) {
  delete s.packages[p.id];
  const { suspension: _, ...rest } = p;
  s.lifted.push({ ...rest, status: 'lifted', liftedAt: a.occurredAt, liftedBy: a.eventId });
}

const lifted = (ms: MeasureState[], a: Action): MeasureState[] =>
  ms.map((m) => ({ ...m, status: 'lifted', liftedAt: a.occurredAt, liftedBy: a.eventId }));

/**
 * The package with `keep` in force and `gone` lifted; a package with no measure left in force is lifted
 * whole, listing the measures it had in force until then.
 */
function keepMeasures(s: Sanctions, p: SanctionsPackage, keep: MeasureState[], gone: MeasureState[], a: Action) {
  if (!gone.length && keep.length === p.measures.length) return;
  if (!keep.length) return liftPackage(s, { ...p, liftedMeasures: [...p.liftedMeasures, ...lifted(gone, a)] }, a);
  put(s, { ...p, measures: keep, liftedMeasures: [...p.liftedMeasures, ...lifted(gone, a)] }, a);
}

const partition = <T>(xs: T[], out: (x: T) => boolean): [T[], T[]] => [xs.filter((x) => !out(x)), xs.filter(out)];

/** Lifting by kinds (v1) takes those measures out of the actor's packages on the target. */
function liftKinds(s: Sanctions, a: Action, kinds: MeasureKind[]) {
  for (const p of Object.values(s.packages)) {
    if (p.imposedBy !== a.actor || p.target !== a.target) continue;
    const [keep, gone] = partition(p.measures, (m) => kinds.includes(m.kind));
    // v1 lifted an emptied package with the measures it had: kept, so v1 answers stay as they were.
    if (!keep.length && gone.length) liftPackage(s, p, a);
    else keepMeasures(s, p, keep, gone, a);
  }
}

/** Delisting takes the entities named (by name or id) off each measure; a measure left naming none is lifted. */
function delist(s: Sanctions, p: SanctionsPackage, names: string[], a: Action) {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const named = (e: Entity) => entityTerms(e).some((t) => wanted.has(t));
  const keep: MeasureState[] = [];
  const gone: MeasureState[] = [];
  let changed = false;
  for (const m of p.measures) {
    const [left, off] = partition(m.entities ?? [], named);
    if (!off.length) {
      keep.push(m);
      continue;
    }
    changed = true;
    const delisted = off.map((e) => ({
      name: entityName(e),
      ...(typeof e !== 'string' && e.ids && { ids: e.ids }),
      delistedAt: a.occurredAt,
      delistedBy: a.eventId,
    }));
    const after = { ...m, entities: left, delisted: [...(m.delisted ?? []), ...delisted] };
    (left.length ? keep : gone).push(after);
  }
  if (!changed) return;
  if (!keep.length) return liftPackage(s, { ...p, measures: gone }, a);
  put(s, { ...p, measures: keep, liftedMeasures: [...p.liftedMeasures, ...lifted(gone, a)] }, a);
}

const inForce = (ms: (Measure & { id: string })[], since: string): MeasureState[] =>
  ms.map((m) => ({ ...m, status: 'active', since }));

/** The decider gives every added measure an id; one in a log it did not write is named after its action. */
const added = (a: Action & { details: { add?: Measure[] } }) =>
  (a.details.add ?? []).map((m, i) => ({ id: `${a.eventId}/${i + 1}`, ...m }));

function impose(s: Sanctions, a: Extract<Action, { type: 'SanctionsImposed' }>) {
  const { measures, program, legalBasis, expiresAt } = a.details;
  const p: SanctionsPackage = {
    id: a.eventId,
    imposedBy: a.actor,
    target: a.target,
    since: a.occurredAt,
    status: 'active',
    expiresAt: expiresAt ?? null,
    renewals: [],
    ...(program !== undefined && { program }),
    ...(legalBasis !== undefined && { legalBasis }),
    measures: inForce(withMeasureIds(measures), a.occurredAt),
    liftedMeasures: [],
  };
  put(s, p, a);
}

/** A lifecycle action on one package: what it does to it, if the package is there and not lifted. */
function onPackage(s: Sanctions, a: Exclude<Action, { type: 'SanctionsImposed' }>) {
  const id = a.details.sanctionsId;
  // A lifecycle action that precedes its package in valid time, or follows its lift, has nothing to act on.
  const p = id === undefined ? undefined : s.packages[id];
  if (!p) return;
  switch (a.type) {
    case 'SanctionsRenewed': {
      const { expiresAt } = a.details;
      return put(
        s,
        { ...p, expiresAt, renewals: [...p.renewals, { eventId: a.eventId, renewedAt: a.occurredAt, expiresAt }] },
        a,
      );
    }
    case 'SanctionsAmended': {
      const removed = new Set(a.details.remove ?? []);
      const adds = inForce(added(a), a.occurredAt);
      // An added id already in force replaces that measure (only a log the decider did not write has one).
      const replaced = new Set(adds.map((m) => m.id));
      const [kept, gone] = partition(p.measures, (m) => removed.has(m.id) || replaced.has(m.id));
      return keepMeasures(
        s,
        p,
        [...kept, ...adds],
        gone.filter((m) => !replaced.has(m.id)),
        a,
      );
    }
    case 'SanctionsSuspended':
      return put(
        s,
        { ...p, suspension: { since: a.occurredAt, until: a.details.until ?? null, eventId: a.eventId } },
        a,
      );
    case 'SanctionsReinstated': {
      if (!p.suspension) return;
      const { suspension: _, ...rest } = p;
      return put(s, { ...rest, status: 'active' }, a);
    }
    case 'SanctionsLifted': {
      const { measureIds, entities } = a.details;
      if (entities) return delist(s, p, entities, a);
      if (!measureIds) return liftPackage(s, p, a);
      const ids = new Set(measureIds);
      const [keep, gone] = partition(p.measures, (m) => ids.has(m.id));
      return keepMeasures(s, p, keep, gone, a);
    }
  }
}

const schema = Type.Array(Package);

export const sanctions: Area<Sanctions, typeof types, typeof schema> = {
  types,
  schema,
  initial: () => ({ packages: {}, lifted: [], due: null }),
  copy: (s) => ({ packages: { ...s.packages }, lifted: [...s.lifted], due: s.due }),
  apply(s, a) {
    if (a.type === 'SanctionsImposed') impose(s, a);
    else if (a.type === 'SanctionsLifted' && a.details.kinds) liftKinds(s, a, a.details.kinds);
    else onPackage(s, a);
    return s;
  },
  due: (s) => s.due,
  advance(s, at) {
    if (s.due === null || at < s.due) return s;
    s.due = null;
    for (const p of Object.values(s.packages)) {
      const q = atInstant(p, at);
      if (q !== p) s.packages[q.id] = q;
      s.due = earliest(s.due, nextChange(q, at));
    }
    return s;
  },
  view: (s, { include = [] }) => [
    ...Object.values(s.packages).filter((p) => p.status === 'active' || include.includes(p.status)),
    ...(include.includes('lifted') ? s.lifted : []),
  ],
  changes(before, after) {
    // A package lifted in between changes to its lifted form; `before` is the earlier state of the same fold.
    const liftedSince = new Map(after.lifted.slice(before.lifted.length).map((p) => [p.id, p]));
    return keyedChanges(before.packages, after.packages, (id) => liftedSince.get(id) ?? null);
  },
  // Each package in force weighs the same, whatever its measures: what the record says is in force, not how hard it bites.
  weights: { active: -3 },
  standing: (s) => weighEntries(sanctions.weights, Object.values(s.packages)),
};
