import { ActionType, CATALOGUE } from '../../src/domain/catalogue/catalogue';
import { isOrganisation } from '../../src/domain/codes';

/** A small deterministic generator, so a failing history can be reproduced from its seed. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** What a details generator draws on: random numbers, and the ids of packages in force it may name. */
export interface Draw {
  rnd: () => number;
  /** Packages of the action's actor on its target that a lift may name; the types of NAMES_PACKAGE need one. */
  packages?: readonly string[];
  /** The action's valid time: expiries and suspensions end after it (after 2022-01-01 without it). */
  occurredAt?: string;
}

/** The types whose details must name a package of the same actor on the same target. */
export const NAMES_PACKAGE: ReadonlySet<ActionType> = new Set([
  'SanctionsRenewed',
  'SanctionsAmended',
  'SanctionsSuspended',
  'SanctionsReinstated',
]);

const pick = <T>({ rnd }: Draw, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const KINDS = ['export_ban', 'asset_freeze', 'travel_ban', 'financial'];
const track = (d: Draw) => ({ track: pick(d, ['peace-treaty', 'trade']) });
const regime = (d: Draw) => ({ regime: pick(d, ['visa-free', 'simple-travel']) });
const framework = (d: Draw) => ({ framework: pick(d, ['bsec', 'joint-economic-activities']) });
const mission = (d: Draw) => ({
  mission: pick(d, ['embassy', 'consulate', 'representative-office', 'interests-section']),
  ...(d.rnd() < 0.5 && { city: pick(d, ['Vilnius', 'Taipei']) }),
});
const none = () => ({});
const aCase = (d: Draw) => ({ forum: 'WTO', caseId: pick(d, ['DS610', 'DS611']) });

/** A package every generated one may be lifted by: each names VTB in its first measure, m1. */
const VTB = { name: 'VTB Bank', ids: { wikidata: 'Q1549389' } };
const measures = (d: Draw) =>
  KINDS.slice(0, 1 + Math.floor(d.rnd() * 3)).map((kind, i) => ({
    kind,
    ...(i === 0 && { entities: d.rnd() < 0.5 ? [VTB] : [VTB.name, 'Gazprombank'] }),
  }));

/** A date 1 to 800 days after the action's valid time (or 2022-01-01). */
const later = (d: Draw, field: string) => {
  const at = Date.parse(d.occurredAt ?? '2022-01-01');
  return { [field]: new Date(at + (1 + Math.floor(d.rnd() * 800)) * 86_400_000).toISOString().slice(0, 10) };
};

function aPackage(d: Draw): string {
  if (!d.packages?.length) throw new Error('this type names a package: draw it only where one exists (NAMES_PACKAGE)');
  return pick(d, d.packages);
}

const lift = (d: Draw) => {
  if (!d.packages?.length) return { kinds: [pick(d, KINDS)] };
  const r = d.rnd();
  const sanctionsId = pick(d, d.packages);
  if (r < 0.25) return { kinds: [pick(d, KINDS)] };
  if (r < 0.5) return { sanctionsId };
  if (r < 0.75) return { sanctionsId, measureIds: ['m1'] };
  return { sanctionsId, entities: [pick(d, ['VTB Bank', 'vtb bank'])] };
};

/**
 * Valid details for every action type, drawn at random: what the random histories of the property tests
 * and the e2e suites are made of. A `Record` over the catalogue, so a new type does not compile until it
 * has a generator, and is then covered by every property test.
 */
export const DETAILS: Record<ActionType, (d: Draw) => Record<string, unknown>> = {
  DiplomaticRelationsEstablished: none,
  DiplomaticRelationsDowngraded: (d) =>
    d.rnd() < 0.5 ? {} : { level: pick(d, ['charge-d-affaires', 'interests-section']) },
  DiplomaticRelationsSevered: none,
  DiplomaticRelationsRestored: none,
  AmbassadorRecalled: none,
  AmbassadorReturned: none,
  AmbassadorExpelled: none,
  MissionOpened: mission,
  MissionClosed: mission,
  MembershipJoined: none,
  MembershipLeft: none,
  DisputeFiled: (d) => ({
    forum: 'WTO',
    caseId: pick(d, ['DS610', 'DS611']),
    ...(d.rnd() < 0.3 && { onBehalfOf: 'LT' }),
  }),
  DisputeRuled: (d) => ({ ...aCase(d), outcome: 'in favour of the complainant' }),
  DisputeWithdrawn: (d) => aCase(d),
  DisputeSettled: (d) => aCase(d),
  SanctionsImposed: (d) => ({
    measures: measures(d),
    ...(d.rnd() < 0.3 && { program: pick(d, ['UKRAINE-EO13660', 'EU-RUSSIA-SECTORAL']) }),
    ...(d.rnd() < 0.5 && later(d, 'expiresAt')),
  }),
  SanctionsRenewed: (d) => ({ sanctionsId: aPackage(d), ...later(d, 'expiresAt') }),
  SanctionsAmended: (d) => {
    const sanctionsId = aPackage(d);
    const r = d.rnd();
    return r < 0.4
      ? { sanctionsId, add: [{ kind: pick(d, KINDS), entities: ['Sberbank'] }] }
      : r < 0.7
        ? { sanctionsId, remove: ['m1'] }
        : { sanctionsId, add: [{ kind: 'other' }], remove: ['m1'] };
  },
  SanctionsSuspended: (d) => ({ sanctionsId: aPackage(d), ...(d.rnd() < 0.5 && later(d, 'until')) }),
  SanctionsReinstated: (d) => ({ sanctionsId: aPackage(d) }),
  SanctionsLifted: lift,
  TalksOpened: track,
  TalksResumed: track,
  TalksSuspended: track,
  TalksTerminated: track,
  VisaRegimeGranted: regime,
  VisaRegimeRevoked: regime,
  CooperationLaunched: framework,
  CooperationResumed: framework,
  CooperationSuspended: framework,
  CooperationTerminated: framework,
  DiplomatsExpelled: (d) => ({ count: 1 + Math.floor(d.rnd() * 30) }),
  ProtestLodged: (d) => (d.rnd() < 0.5 ? {} : { subject: 'a protest' }),
};

/**
 * The parties as a type takes them: for a type of a state and an organisation (membership), the drawn pair's
 * state (JP if neither is one) and the EU; else the pair as drawn.
 */
export function fitParties(type: ActionType, a: string, b: string): [string, string] {
  if (!CATALOGUE[type].parties) return [a, b];
  return [[a, b].find((p) => !isOrganisation(p)) ?? 'JP', 'EU'];
}

/**
 * What an action may say of itself, drawn at random: often nothing; else a formality, an announcement date,
 * tags, and answers to some of the `earlier` actions (of any pair).
 */
export function qualifiers(rnd: () => number, earlier: readonly string[]): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (rnd() < 0.2) q.formality = pick({ rnd }, ['formal', 'informal', 'denied']);
  if (rnd() < 0.1) q.announcedAt = pick({ rnd }, ['2021-12-09', '2022-01', '2022-03-21T09:00:00Z']);
  if (rnd() < 0.1) q.tags = rnd() < 0.5 ? ['economic-coercion'] : ['economic-coercion', 'taiwan'];
  if (earlier.length && rnd() < 0.1) {
    const answered = new Set([pick({ rnd }, earlier), pick({ rnd }, earlier)]);
    q.inResponseTo = [...answered];
  }
  return q;
}

/** A day (`YYYY-MM-DD`), now and then known only to its month or its year. */
export const coarsened = (rnd: () => number, day: string): string => {
  const r = rnd();
  return r < 0.1 ? day.slice(0, 7) : r < 0.15 ? day.slice(0, 4) : day;
};
