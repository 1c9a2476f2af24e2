import { randomUUID } from 'node:crypto';
import { given } from '../../../test/support/decider';
import { history } from '../../../test/support/history';
import { ActionType } from '../catalogue/catalogue';
import { CorrectAction, decide, dependsOn, isRetryOf, knowing, learn, RecordAction } from '../decide';
import { decode, RecordedEvent } from '../events';

const record = (type: ActionType, details: Record<string, unknown>, over: Partial<RecordAction['data']> = {}) =>
  ({
    kind: 'RecordAction',
    eventId: randomUUID(),
    type,
    data: { actor: 'EU', target: 'RU', occurredAt: '2015-06-22', details, ...over },
  }) satisfies RecordAction;
const correct = (id: string, fix: Partial<CorrectAction>): CorrectAction => ({
  kind: 'CorrectAction',
  eventId: randomUUID(),
  corrects: id,
  reason: 'r',
  ...fix,
});
/** The details a command's decision records, given the events in the log. */
const detailsOf = (c: RecordAction | CorrectAction, ...known: RecordedEvent[]) =>
  (decide(c, learn(knowing(dependsOn(c)), known)).events[0].data as { details: Record<string, unknown> }).details;

describe('deciding on sanctions packages (given events / when commands / then decisions or an error)', () => {
  const h = history();
  const pkg = h.action('SanctionsImposed', 'EU', 'RU', '2014-07-31', {
    expiresAt: '2015-07-31',
    measures: [
      { kind: 'financial', entities: [{ name: 'Sberbank', ids: { wikidata: 'Q205012' } }] },
      { kind: 'other' },
    ],
  });
  const amendment = h.action('SanctionsAmended', 'EU', 'RU', '2022-02-28', {
    sanctionsId: pkg,
    add: [{ id: 'm7', kind: 'asset_freeze', entities: ['Central Bank of Russia'] }],
  });
  const retractedAmendment = h.action('SanctionsAmended', 'EU', 'RU', '2022-03-01', {
    sanctionsId: pkg,
    add: [{ id: 'm9', kind: 'other' }],
  });
  h.retract(retractedAmendment);
  const otherPkg = h.action('SanctionsImposed', 'US', 'RU', '2014-07-16', { measures: [{ kind: 'financial' }] });

  it.each<[ActionType, Record<string, unknown>]>([
    ['SanctionsRenewed', { expiresAt: '2016-01-31' }],
    ['SanctionsAmended', { add: [{ kind: 'other' }] }],
    ['SanctionsSuspended', {}],
    ['SanctionsReinstated', {}],
    ['SanctionsLifted', { measureIds: ['m1'] }],
  ])('%s must name a SanctionsImposed of the same actor on the same target: 422 otherwise', (type, details) => {
    given(h.events)
      .when(record(type, { sanctionsId: otherPkg, ...details }))
      .rejects('unprocessable', new RegExp(`^details.sanctionsId ${otherPkg} is not a SanctionsImposed of EU on RU`));
    given(h.events)
      .when(record(type, { sanctionsId: amendment, ...details }))
      .rejects('unprocessable', /is not a SanctionsImposed/);
    given(h.events)
      .when(record(type, { sanctionsId: pkg, ...details }))
      .then([{ stream: 'pair-EU-RU', events: [expect.objectContaining({ type })] }]);
  });

  it('records a package with its measures numbered m1, m2, … where they have no id', () => {
    const c = record('SanctionsImposed', { measures: [{ kind: 'financial' }, { id: 'arms', kind: 'arms_embargo' }] });
    expect(detailsOf(c).measures).toEqual([
      { id: 'm1', kind: 'financial' },
      { id: 'arms', kind: 'arms_embargo' },
    ]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'two measures with one id',
      {
        measures: [
          { id: 'a', kind: 'other' },
          { id: 'a', kind: 'other' },
        ],
      },
      /^details\.measures\[1\]\.id a is already the id of details\.measures\[0\]/,
    ],
    [
      'an id the server would give another',
      { measures: [{ id: 'm2', kind: 'other' }, { kind: 'other' }] },
      /details\.measures\[1\]\.id m2/,
    ],
    [
      'an expiry before occurredAt',
      { measures: [{ kind: 'other' }], expiresAt: '2015-06-21' },
      /^details\.expiresAt \(2015-06-21\) must not be before occurredAt/,
    ],
    [
      'an expiry that is no date',
      { measures: [{ kind: 'other' }], expiresAt: 'next year' },
      /^details\.expiresAt: must be a date/,
    ],
    [
      'an entity id that is no Wikidata id',
      { measures: [{ kind: 'other', entities: [{ name: 'X', ids: { wikidata: '42' } }] }] },
      /^details\.measures\[0\]\.entities\[0\]\.ids\.wikidata: must be a Wikidata item id/,
    ],
    [
      'an unknown field in an entity',
      { measures: [{ kind: 'other', entities: [{ name: 'X', isin: 'RU1' }] }] },
      /^details\.measures\[0\]\.entities\[0\]\.isin: unknown field/,
    ],
    [
      'an entity that is neither a name nor an object',
      { measures: [{ kind: 'other', entities: [7] }] },
      /details\.measures\[0\]\.entities/,
    ],
    [
      'a legal basis without its instrument',
      { measures: [{ kind: 'other' }], legalBasis: [{ authority: 'Council' }] },
      /^details\.legalBasis\[0\]\.instrument/,
    ],
  ])('refuses a package with %s: 400 naming the field', (_, details, message) => {
    given([]).when(record('SanctionsImposed', details)).rejects('invalid', message);
  });

  it.each<[string, ActionType, Record<string, unknown>, RegExp]>([
    ['a renewal without expiresAt', 'SanctionsRenewed', {}, /^details\.expiresAt/],
    [
      'a renewal expiring before it',
      'SanctionsRenewed',
      { expiresAt: '2015-06-21' },
      /^details\.expiresAt \(2015-06-21\) must not be before/,
    ],
    ['an empty amendment', 'SanctionsAmended', {}, /^details: an amendment must add measures, remove some, or both/],
    ['an amendment adding nothing', 'SanctionsAmended', { add: [] }, /^details\.add: must contain at least 1/],
    [
      'a suspension ending before it',
      'SanctionsSuspended',
      { until: '2015-01-01' },
      /^details\.until \(2015-01-01\) must not be before/,
    ],
    [
      'a reinstatement with a field of another type',
      'SanctionsReinstated',
      { until: '2016-01-01' },
      /^details\.until: unknown field/,
    ],
  ])('refuses %s: 400 naming the field', (_, type, details, message) => {
    given(h.events)
      .when(record(type, { sanctionsId: pkg, ...details }))
      .rejects('invalid', message);
  });

  it('refuses measure ids and entities the package never had (amendments retracted do not count): 422', () => {
    given(h.events)
      .when(record('SanctionsLifted', { sanctionsId: pkg, measureIds: ['m1', 'm9', 'x'] }))
      .rejects('unprocessable', /^details\.measureIds\[1\] m9 is no measure of package .*; details\.measureIds\[2\] x/);
    given(h.events)
      .when(record('SanctionsAmended', { sanctionsId: pkg, remove: ['m3'] }))
      .rejects('unprocessable', /^details\.remove\[0\] m3 is no measure of package/);
    given(h.events)
      .when(record('SanctionsLifted', { sanctionsId: pkg, entities: ['Gazprombank'] }))
      .rejects('unprocessable', /^details\.entities\[0\] Gazprombank is no entity named by a measure of package/);
    given(h.events)
      .when(record('SanctionsAmended', { sanctionsId: pkg, add: [{ id: 'm7', kind: 'other' }] }))
      .rejects('unprocessable', /^details\.add\[0\]\.id m7 is already the id of a measure of package/);
  });

  it('accepts measure ids an amendment added, and entities by name or id in any case', () => {
    for (const details of [{ measureIds: ['m7', 'm2'] }, { entities: ['central bank of russia', 'q205012'] }]) {
      given(h.events)
        .when(record('SanctionsLifted', { sanctionsId: pkg, ...details }))
        .then([{ stream: 'pair-EU-RU', events: [expect.objectContaining({ type: 'SanctionsLifted' })] }]);
    }
  });

  it('gives measures an amendment adds without an id the next free m<n> of the package, in a batch too', () => {
    const first = record('SanctionsAmended', {
      sanctionsId: pkg,
      add: [{ kind: 'other' }, { id: 'x', kind: 'other' }],
    });
    const second = record('SanctionsAmended', { sanctionsId: pkg, add: [{ kind: 'financial' }] });
    given(h.events)
      .when(first, second)
      .then([
        {
          stream: 'pair-EU-RU',
          events: [
            expect.objectContaining({
              data: expect.objectContaining({
                details: {
                  sanctionsId: pkg,
                  add: [
                    { id: 'm8', kind: 'other' },
                    { id: 'x', kind: 'other' },
                  ],
                },
              }),
            }),
          ],
        },
        {
          stream: 'pair-EU-RU',
          events: [
            expect.objectContaining({
              data: expect.objectContaining({ details: { sanctionsId: pkg, add: [{ id: 'm9', kind: 'financial' }] } }),
            }),
          ],
        },
      ]);
  });

  it('takes a retry of an amendment, sent again without the ids the server gave, for the same request', () => {
    const c = record('SanctionsAmended', { sanctionsId: pkg, add: [{ kind: 'other' }] });
    const k = learn(knowing([pkg]), h.events);
    const [recorded] = decide(c, k).events;
    expect(isRetryOf(recorded, c)).toBe(true);
    const other = { ...c, data: { ...c.data, details: { sanctionsId: pkg, add: [{ kind: 'financial' }] } } };
    expect(isRetryOf(recorded, other)).toBe(false);
  });

  it("judges a correction's details at the valid time it will have, and numbers an amendment's measures without its own", () => {
    given(h.events)
      .when(correct(pkg, { occurredAt: '2015-08-01' }))
      .rejects('invalid', /^details\.expiresAt \(2015-07-31\) must not be before occurredAt \(2015-08-01\)/);
    const fix = correct(amendment, { details: { sanctionsId: pkg, add: [{ kind: 'other' }] } });
    expect(detailsOf(fix, ...h.events)).toEqual({ sanctionsId: pkg, add: [{ id: 'm3', kind: 'other' }] });
  });
});

describe('decode: packages recorded before measures had ids', () => {
  const stored = (type: string, data: unknown) =>
    decode({
      type,
      data,
      eventId: randomUUID(),
      stream: 'pair-EU-RU',
      revision: 0,
      position: 1,
      recordedAt: 0,
      metadata: {},
    });

  it('gives their measures m1, m2, … by place, in the package and in corrections of its details', () => {
    const v1 = {
      actor: 'EU',
      target: 'RU',
      occurredAt: '2014-07-31',
      details: { measures: [{ kind: 'financial' }, { kind: 'other' }] },
    };
    expect(stored('SanctionsImposed', v1)!.data).toEqual({
      ...v1,
      details: {
        measures: [
          { id: 'm1', kind: 'financial' },
          { id: 'm2', kind: 'other' },
        ],
      },
    });
    const fix = { corrects: randomUUID(), reason: 'r', details: { measures: [{ kind: 'travel_ban' }] } };
    expect(stored('ActionCorrected', fix)!.data).toEqual({
      ...fix,
      details: { measures: [{ id: 'm1', kind: 'travel_ban' }] },
    });
  });

  it('leaves events in the current shape as they are, and a retry of the v1 body is the same request', () => {
    const now = {
      actor: 'EU',
      target: 'RU',
      occurredAt: '2014-07-31',
      details: { measures: [{ id: 'a', kind: 'other' }] },
    };
    expect(stored('SanctionsImposed', now)!.data).toBe(now);
    const body = { actor: 'EU', target: 'RU', occurredAt: '2014-07-31', details: { measures: [{ kind: 'other' }] } };
    const v1 = stored('SanctionsImposed', body)!;
    expect(isRetryOf(v1, { kind: 'RecordAction', eventId: v1.eventId, type: 'SanctionsImposed', data: body })).toBe(
      true,
    );
  });
});
