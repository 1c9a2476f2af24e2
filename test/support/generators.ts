import { ActionType } from '../../src/domain/catalogue/catalogue';

/** A small deterministic generator, so a failing history can be reproduced from its seed. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** What a details generator draws on: random numbers, and the ids of packages in force it may name. */
export interface Draw {
  rnd: () => number;
  /** Packages of the action's actor on its target that a lift may name. */
  packages?: readonly string[];
}

const pick = <T>({ rnd }: Draw, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const KINDS = ['export_ban', 'asset_freeze', 'travel_ban', 'financial'];
const track = (d: Draw) => ({ track: pick(d, ['peace-treaty', 'trade']) });
const regime = (d: Draw) => ({ regime: pick(d, ['visa-free', 'simple-travel']) });
const framework = (d: Draw) => ({ framework: pick(d, ['bsec', 'joint-economic-activities']) });
const none = () => ({});

/**
 * Valid details for every action type, drawn at random: what the random histories of the property tests
 * and the e2e suites are made of. A `Record` over the catalogue, so a new type does not compile until it
 * has a generator, and is then covered by every property test.
 */
export const DETAILS: Record<ActionType, (d: Draw) => Record<string, unknown>> = {
  DiplomaticRelationsDowngraded: none,
  DiplomaticRelationsSevered: none,
  DiplomaticRelationsRestored: none,
  AmbassadorRecalled: none,
  AmbassadorReturned: none,
  SanctionsImposed: (d) => ({ measures: KINDS.slice(0, 1 + Math.floor(d.rnd() * 3)).map((kind) => ({ kind })) }),
  SanctionsLifted: (d) =>
    d.packages?.length && d.rnd() < 0.5 ? { sanctionsId: pick(d, d.packages) } : { kinds: [pick(d, KINDS)] },
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
