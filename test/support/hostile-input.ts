import fc from 'fast-check';
import { action } from './ledger';

/** The fuzz corpus of the hostile-input suite: bodies, path segments and query strings (also used by other checks). */
const TYPES = ['SanctionsImposed', 'SanctionsLifted', 'TalksOpened', 'DiplomatsExpelled', 'ProtestLodged'];
const VALID_CODES = ['RU', 'JP', 'EU', 'US', 'CN', 'NATO'];
const CODES = [...VALID_CODES, 'XX', 'ru', '', 'RUS', '12', '%00', '..', '%2F', '<b>'];
const code = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALID_CODES) }, fc.constantFrom(...CODES));

/** Strings that have broken parsers before: encodings, sizes, control characters, prototype keys. */
export const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%',
    '%zz',
    '%E0%A4%A',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    "'; DROP TABLE events; --",
    '1e309',
    '-0',
    '9'.repeat(400),
    '2022-02-30',
    '2022-03-21T25:00:00Z',
    '0000-01-01',
    '+275760-09-13',
    'x'.repeat(5000),
  ),
);

const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, fc.integer(), fc.double());

/** A valid action with up to three things changed: most make it invalid, some leave it valid. */
export const mutatedAction = fc
  .tuple(
    fc.constantFrom(...TYPES),
    code,
    code,
    fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('delete'),
          key: fc.constantFrom('type', 'actor', 'target', 'occurredAt', 'details'),
        }),
        fc.record({
          op: fc.constant('set'),
          key: fc.constantFrom(
            'type',
            'actor',
            'target',
            'occurredAt',
            'details',
            'summary',
            'sources',
            'eventId',
            'expectedRevision',
          ),
          value: jsonish,
        }),
        fc.record({ op: fc.constant('set'), key: nasty, value: jsonish }),
        fc.record({
          op: fc.constant('detail'),
          key: fc.constantFrom('measures', 'track', 'count', 'sanctionsId', 'kinds'),
          value: jsonish,
        }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([type, actor, target, mutations]) => {
    const body: Record<string, unknown> = action({ type, actor, target });
    for (const m of mutations) {
      if (m.op === 'delete') delete body[m.key];
      else if (m.op === 'set') body[m.key] = m.value;
      else body.details = { ...(body.details as object), [m.key]: m.value };
    }
    return JSON.stringify(body);
  });

const deepJson = fc.integer({ min: 100, max: 20_000 }).map((n) => `{"details":${'['.repeat(n)}${']'.repeat(n)}}`);

export const body = fc.oneof(
  { weight: 6, arbitrary: mutatedAction },
  { weight: 2, arbitrary: mutatedAction.map((a) => `{"events":[${a},${a}]}`) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constant('{"__proto__":{"polluted":1},"type":"ProtestLodged"}') },
  { weight: 1, arbitrary: fc.constant('{"reason":"x","constructor":{"prototype":{"polluted":1}}}') },
);

export const segment = fc.oneof(
  fc.constantFrom(...CODES),
  nasty.map((s) => encodeURIComponent(s)),
  nasty,
);
export const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('asOf', 'knownAt', 'after', 'limit', 'from', 'to', 'include', 'pair', 'country', 'dryRun', 'x'),
      fc.oneof(nasty, fc.constantFrom('0', '-1', '1001', '2022-03-21', 'lifted', 'true', 'JP,RU')),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''));
