import { action, ActionBody, uuid } from './ledger';

/** The bad-input suite's corpus, also replayed through the validation pipe by the differential check. */

const without = (key: keyof ActionBody) => {
  const body = action();
  delete body[key];
  return body;
};

/** Bodies of POST /v1/events that are a 400, and what its message names. */
export const BAD_ACTIONS: [string, unknown, ...string[]][] = [
  // Unknown codes are rejected with what is accepted (organisations such as EU among them).
  ['an unknown actor', action({ actor: 'XX' }), 'actor', 'EU'],
  ['an unknown target', action({ target: 'XX' }), 'target', 'EU'],
  ['a three-letter code', action({ actor: 'RUS' }), 'actor'],
  ['a lower-case actor (suggests the upper case)', action({ actor: 'ru' }), 'actor', 'RU'],
  ['a lower-case target (suggests the upper case)', action({ target: 'jp' }), 'target', 'JP'],
  ['an unknown organisation', action({ actor: 'WTO-ISH' }), 'actor'],
  ['a number as actor', action({ actor: 42 as unknown as string }), 'actor'],
  ['actor equal to target', action({ actor: 'JP', target: 'JP' }), 'target', 'actor'],
  ['an impossible date', action({ occurredAt: '2022-02-30' }), 'occurredAt'],
  ['a month 13', action({ occurredAt: '2022-13-01' }), 'occurredAt'],
  ['a local time without a zone', action({ occurredAt: '2022-03-21T10:00:00' }), 'occurredAt'],
  ['a date in another format', action({ occurredAt: '21/03/2022' }), 'occurredAt'],
  ['a number as occurredAt', action({ occurredAt: 20220321 as unknown as string }), 'occurredAt'],
  [
    'an unknown type (lists the known ones)',
    action({ type: 'PeaceTreatySigned', details: { track: 'x' } }),
    'type',
    'SanctionsImposed',
  ],
  ['no type', without('type'), 'type'],
  ['no actor', without('actor'), 'actor'],
  ['no target', without('target'), 'target'],
  ['no occurredAt', without('occurredAt'), 'occurredAt'],
  ['missing details where required', action({ type: 'TalksTerminated', details: undefined }), 'details'],
  ['details without the required field', action({ type: 'TalksTerminated', details: {} }), 'track'],
  ['a field of the wrong type in details', action({ type: 'TalksTerminated', details: { track: 7 } }), 'track'],
  [
    'details that are not an object',
    action({ type: 'TalksTerminated', details: 'peace-treaty' as unknown as Record<string, unknown> }),
    'details',
  ],
  [
    'a measures kind not in the list',
    action({ type: 'SanctionsImposed', details: { measures: [{ kind: 'export_ban' }, { kind: 'blockade' }] } }),
    'measures',
    'kind',
  ],
  ['no measures', action({ type: 'SanctionsImposed', details: { measures: [] } }), 'measures'],
  [
    'a negative item count',
    action({ type: 'SanctionsImposed', details: { measures: [{ kind: 'export_ban', items: -3 }] } }),
    'items',
  ],
  [
    'an unknown field inside details',
    action({ type: 'TalksTerminated', details: { track: 'peace-treaty', mood: 'grim' } }),
    'mood',
  ],
  // Names of Object.prototype's members are unknown fields too, not dropped on the way (once a 201).
  ...['constructor', 'prototype', 'toString'].map((key): [string, unknown, string] => [
    `a field named ${key} inside details`,
    JSON.parse(`{"type":"TalksTerminated","actor":"RU","target":"JP","occurredAt":"2022-03-21",
      "details":{"track":"peace-treaty","${key}":"x"}}`),
    key,
  ]),
  // The years 0100 to 9999 (UTC), also when an offset carries a time across either bound (once a 201).
  ['a year before 0100', action({ occurredAt: '0099-12-31' }), 'occurredAt', '0100'],
  ['a year before 0100 through an offset', action({ occurredAt: '0100-01-01T00:30:00+01:00' }), 'occurredAt', '0100'],
  ['a year after 9999 through an offset', action({ occurredAt: '9999-12-31T23:59:59-23:59' }), 'occurredAt', '9999'],
  [
    'an unknown field inside a measure',
    action({ type: 'SanctionsImposed', details: { measures: [{ kind: 'export_ban', colour: 'red' }] } }),
    'colour',
  ],
  ['a lift with neither sanctionsId nor kinds', action({ type: 'SanctionsLifted', details: {} }), 'sanctionsId'],
  ['a lift with an unknown kind', action({ type: 'SanctionsLifted', details: { kinds: ['blockade'] } }), 'kinds'],
  [
    'a lift with a sanctionsId that is no UUID',
    action({ type: 'SanctionsLifted', details: { sanctionsId: 'pkg-1' } }),
    'sanctionsId',
  ],
  ['a DiplomatsExpelled count of zero', action({ type: 'DiplomatsExpelled', details: { count: 0 } }), 'count'],
  [
    'details on a type that takes none',
    action({ type: 'DiplomaticRelationsSevered', details: { count: 1 } }),
    'details',
  ],
  [
    'a downgrade to a level not in the list',
    action({ type: 'DiplomaticRelationsDowngraded', details: { level: 'consul' } }),
    'details.level',
    'charge-d-affaires',
  ],
  [
    'details on an expulsion of an ambassador',
    action({ type: 'AmbassadorExpelled', details: { count: 1 } }),
    'details',
  ],
  ['a mission without its kind', action({ type: 'MissionOpened', details: { city: 'Vilnius' } }), 'details.mission'],
  [
    'a mission of a kind not in the list',
    action({ type: 'MissionClosed', details: { mission: 'palace' } }),
    'details.mission',
    'representative-office',
  ],
  [
    'a mission with an empty city',
    action({ type: 'MissionOpened', details: { mission: 'embassy', city: '' } }),
    'details.city',
  ],
  ['an unknown top-level field', action({ colour: 'red' }), 'colour'],
  ['a misspelt top-level field', { ...without('occurredAt'), occuredAt: '2022-03-21' }, 'occuredAt'],
  ['a wrong eventId format', action({ eventId: 'not-a-uuid' }), 'eventId'],
  ['a numeric eventId', action({ eventId: 12345 as unknown as string }), 'eventId'],
  ['an expectedRevision below -1', action({ expectedRevision: -2 }), 'expectedRevision'],
  ['a non-integer expectedRevision', action({ expectedRevision: 'latest' as unknown as number }), 'expectedRevision'],
  ['a source without a URL', action({ sources: [{ publisher: 'TASS' } as unknown as { url: string }] }), 'url'],
  ['a source URL that is no URL', action({ sources: [{ url: 'tass' }] }), 'url'],
  ['a summary that is not a string', action({ summary: { text: 'x' } as unknown as string }), 'summary'],
  ...(
    [
      ['a provenance without rows', { dataset: 'gdelt', file: 'a.csv' }, 'provenance.rows'],
      ['a provenance dataset with a space', { dataset: 'my data', file: 'a.csv', rows: ['1'] }, 'provenance.dataset'],
      ['a provenance with an empty file name', { dataset: 'gdelt', file: '', rows: ['1'] }, 'provenance.file'],
    ] as const
  ).map(([what, provenance, field]) => [what, { ...action(), provenance }, field] as [string, unknown, string]),
  ['an array instead of an object', [action()], ''],
];

const TWICE = uuid();

/** Qualifiers and links refused (the fields over a valid action), and what the message names. */
export const BAD_QUALIFIERS: [string, Record<string, unknown>, ...string[]][] = [
  ['an unknown formality', { formality: 'secret' }, 'formality', 'informal'],
  ['a precision its date does not have', { occurredAt: '2021-12-09', datePrecision: 'month' }, 'datePrecision'],
  ['an unknown precision', { datePrecision: 'week' }, 'datePrecision'],
  ['a month 13', { occurredAt: '2021-13' }, 'occurredAt'],
  ['a year before 0100', { occurredAt: '0099' }, 'occurredAt', '0100'],
  ['a period in another form', { occurredAt: '12/2021' }, 'occurredAt', 'YYYY-MM'],
  ['an announcement that is no date', { announcedAt: 'soon' }, 'announcedAt'],
  ['an answer that is no event id', { inResponseTo: ['the office'] }, 'inResponseTo'],
  ['an empty list of answers', { inResponseTo: [] }, 'inResponseTo'],
  ['an answer named twice', { inResponseTo: [TWICE, TWICE] }, 'inResponseTo'],
  ['a tag repeated', { tags: ['a', 'a'] }, 'tags'],
  ['an empty tag', { tags: [''] }, 'tag'],
  ['tags that are not a list', { tags: 'coercion' }, 'tags'],
  ['a tag that is a list', { tags: [['a']] }, 'tag'],
];

/** Retractions and corrections refused: path ({talks} an event id), body, status, the field named. */
export const BAD_AMENDMENTS: [string, string, unknown, number, string][] = [
  ['a non-UUID event id (retraction)', '/v1/events/not-a-uuid/retraction', { reason: 'x' }, 400, 'eventId'],
  [
    'a non-UUID event id (correction)',
    '/v1/events/123/correction',
    { reason: 'x', occurredAt: '2022-01-01' },
    400,
    'eventId',
  ],
  ['a retraction without a reason', '/v1/events/{talks}/retraction', {}, 400, 'reason'],
  ['a retraction with an unknown field', '/v1/events/{talks}/retraction', { reason: 'x', why: 'y' }, 400, 'why'],
  ['a retraction with a bad eventId', '/v1/events/{talks}/retraction', { reason: 'x', eventId: 'abc' }, 400, 'eventId'],
  ['a correction without a reason', '/v1/events/{talks}/correction', { occurredAt: '2018-11-15' }, 400, 'reason'],
  [
    'a correction with an impossible date',
    '/v1/events/{talks}/correction',
    { occurredAt: '2018-02-30', reason: 'x' },
    400,
    'occurredAt',
  ],
  ['a correction with an unknown field', '/v1/events/{talks}/correction', { actor: 'RU', reason: 'x' }, 400, 'actor'],
  [
    'a correction with bad details',
    '/v1/events/{talks}/correction',
    { details: { track: 'x', mood: 'y' }, reason: 'x' },
    400,
    'mood',
  ],
];

/** Questions that are a 400, and the field named. */
export const BAD_QUERIES: [string, string][] = [
  ['/v1/relations/JP/RU?asOf=2022-02-30', 'asOf'],
  ['/v1/relations/JP/RU?asOf=2022-03-21T10:00:00', 'asOf'],
  ['/v1/relations/JP/RU?asOf=yesterday', 'asOf'],
  ['/v1/relations/JP/RU?knownAt=2022-02-30', 'knownAt'],
  ['/v1/relations/JP/RU?knownAt=tomorrow', 'knownAt'],
  ['/v1/relations/JP/RU?include=everything', 'include'],
  ['/v1/relations/JP/RU?asof=2022-03-21', 'asof'],
  ['/v1/relations/JP/RU?foo=1', 'foo'],
  ['/v1/relations/JP/RU/timeline?from=2022-02-30', 'from'],
  ['/v1/relations/JP/RU/timeline?knownAt=soon', 'knownAt'],
  ['/v1/relations/JP/RU/timeline?foo=1', 'foo'],
  ['/v1/relations/JP/RU/changes?from=2022-03-20', 'to'],
  ['/v1/relations/JP/RU/changes?to=2022-03-20', 'from'],
  ['/v1/relations/JP/RU/changes?from=2022-03-20&to=2022-02-30', 'to'],
  ['/v1/relations/JP/RU/changes?from=2022-03-22&to=2022-03-20', 'from'],
  ['/v1/relations/JP/RU/changes?from=2022-03-20&to=2022-03-22&foo=1', 'foo'],
  ['/v1/countries/RU/relations?asOf=2022-02-30', 'asOf'],
  ['/v1/countries/RU/relations?foo=1', 'foo'],
  ['/v1/events?foo=1', 'foo'],
];
