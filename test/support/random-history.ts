import { ACTION_TYPES } from '../../src/domain/catalogue/catalogue';
import { randomUUID } from 'node:crypto';
import { coarsened, DETAILS, fitParties, NAMES_PACKAGE, qualifiers, seeded } from './generators';
import { action, ActionBody } from './ledger';

const PARTIES = ['RU', 'JP', 'US', 'GB', 'CN', 'UA', 'EU', 'IR', 'SA', 'QA'];

/**
 * `n` valid actions of every type over 45 pairs, skewed so the first pairs hold most, on dates out of
 * order, each with its `eventId`. An action that names a package names one imposed earlier in the list,
 * so the list is valid posted in order, in one batch or several.
 */
export function randomActions(n: number, seed = 1): ActionBody[] {
  const rnd = seeded(seed);
  // Qualifiers and coarse dates draw from their own sequence, so the histories are otherwise those of before.
  const more = seeded(seed + 1_000_003);
  const packages = new Map<string, string[]>();
  const ids: string[] = [];
  return Array.from({ length: n }, () => {
    const a = PARTIES[Math.floor(rnd() ** 2 * PARTIES.length)];
    let b = PARTIES[Math.floor(rnd() * PARTIES.length)];
    if (b === a) b = PARTIES[(PARTIES.indexOf(a) + 1) % PARTIES.length];
    const day = coarsened(
      more,
      new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 9000) * 86_400_000).toISOString().slice(0, 10),
    );
    const drawn = ACTION_TYPES[Math.floor(rnd() * ACTION_TYPES.length)];
    const own = packages.get(`${a}>${b}`) ?? [];
    const type = NAMES_PACKAGE.has(drawn) && !own.length ? 'SanctionsImposed' : drawn;
    const details = DETAILS[type]({ rnd, packages: own, occurredAt: day });
    const [actor, target] = fitParties(type, a, b);
    const body = action({
      type,
      actor,
      target,
      occurredAt: day,
      details,
      eventId: randomUUID(),
      ...qualifiers(more, ids.slice(-50)),
    });
    ids.push(body.eventId!);
    if (type === 'SanctionsImposed') packages.set(`${a}>${b}`, [...own, body.eventId!]);
    return body;
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
