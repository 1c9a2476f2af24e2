import { action, ActionBody } from './ledger';

const PARTIES = ['RU', 'JP', 'US', 'GB', 'CN', 'UA', 'EU', 'IR', 'SA', 'QA'];
const TYPES = [
  'SanctionsImposed',
  'SanctionsLifted',
  'TalksOpened',
  'TalksSuspended',
  'VisaRegimeGranted',
  'VisaRegimeRevoked',
  'CooperationLaunched',
  'CooperationTerminated',
  'DiplomaticRelationsDowngraded',
  'DiplomaticRelationsRestored',
  'AmbassadorRecalled',
  'AmbassadorReturned',
  'DiplomatsExpelled',
  'ProtestLodged',
];

/** A small deterministic generator, so a failing history can be reproduced from its seed. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** `n` valid actions over 45 pairs, skewed so the first pairs hold most, on dates out of order. */
export function randomActions(n: number, seed = 1): ActionBody[] {
  const rnd = seeded(seed);
  return Array.from({ length: n }, () => {
    const a = PARTIES[Math.floor(rnd() ** 2 * PARTIES.length)];
    let b = PARTIES[Math.floor(rnd() * PARTIES.length)];
    if (b === a) b = PARTIES[(PARTIES.indexOf(a) + 1) % PARTIES.length];
    const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 9000) * 86_400_000).toISOString().slice(0, 10);
    return action({ type: TYPES[Math.floor(rnd() * TYPES.length)], actor: a, target: b, occurredAt: day });
  });
}

export const SAMPLE_PAIRS = [
  ['RU', 'JP'],
  ['JP', 'RU'],
  ['US', 'RU'],
  ['GB', 'JP'],
  ['EU', 'CN'],
];
export const SAMPLE_DATES = ['2001-06-30', '2008-01-01', '2012-12-31', '2020-02-29', '2030-01-01'];
