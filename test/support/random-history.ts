import { ACTION_TYPES } from '../../src/domain/catalogue/catalogue';
import { DETAILS, seeded } from './generators';
import { action, ActionBody } from './ledger';

const PARTIES = ['RU', 'JP', 'US', 'GB', 'CN', 'UA', 'EU', 'IR', 'SA', 'QA'];

/**
 * `n` valid actions of every type over 45 pairs, skewed so the first pairs hold most, on dates out of
 * order. Lifts are by kinds: a batch's actions name no package.
 */
export function randomActions(n: number, seed = 1): ActionBody[] {
  const rnd = seeded(seed);
  return Array.from({ length: n }, () => {
    const a = PARTIES[Math.floor(rnd() ** 2 * PARTIES.length)];
    let b = PARTIES[Math.floor(rnd() * PARTIES.length)];
    if (b === a) b = PARTIES[(PARTIES.indexOf(a) + 1) % PARTIES.length];
    const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 9000) * 86_400_000).toISOString().slice(0, 10);
    const type = ACTION_TYPES[Math.floor(rnd() * ACTION_TYPES.length)];
    return action({ type, actor: a, target: b, occurredAt: day, details: DETAILS[type]({ rnd }) });
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
