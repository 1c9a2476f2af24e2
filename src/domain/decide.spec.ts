import { randomUUID } from 'node:crypto';
import { given } from '../../test/support/decider';
import { history } from '../../test/support/history';
import { Command, CorrectAction, isRetryOf, RecordAction, RetractAction } from './decide';
import { DomainError } from './errors';
import { RecordedEvent } from './events';

const record = (over: Partial<RecordAction['data']> & { type?: RecordAction['type'] } = {}): RecordAction => {
  const { type = 'TalksTerminated', ...data } = over;
  return {
    kind: 'RecordAction',
    eventId: randomUUID(),
    type,
    data: { actor: 'RU', target: 'JP', occurredAt: '2022-03-21', details: { track: 'peace-treaty' }, ...data },
  };
};
const retract = (id: string): RetractAction => ({
  kind: 'RetractAction',
  eventId: randomUUID(),
  retracts: id,
  reason: 'r',
});
const correct = (id: string, fix: Partial<CorrectAction>): CorrectAction => ({
  kind: 'CorrectAction',
  eventId: randomUUID(),
  corrects: id,
  reason: 'r',
  ...fix,
});
const lift = (actor: string, target: string, sanctionsId: string) =>
  record({ type: 'SanctionsLifted', actor, target, details: { sanctionsId } });

describe('decide (given events / when commands / then decisions or an error)', () => {
  const h = history();
  const pkg = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-08', { measures: [{ kind: 'export_ban' }] });
  const talks = h.action('TalksOpened', 'JP', 'RU', '2018-11-14', { track: 'peace-treaty' });
  const retracted = h.action('ProtestLodged', 'JP', 'RU', '2020-01-01');
  const retraction = h.retract(retracted);
  const retractedPkg = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-09', { measures: [{ kind: 'other' }] });
  h.retract(retractedPkg);
  const none: RecordedEvent[] = [];

  it("records a valid action as one event of its type, in its pair's stream", () => {
    const c = record();
    given(none)
      .when(c)
      .then([{ stream: 'pair-JP-RU', events: [{ type: 'TalksTerminated', eventId: c.eventId, data: c.data }] }]);
  });

  it('rejects an actor acting on itself, naming the field', () => {
    given(none)
      .when(record({ target: 'RU' }))
      .rejects('invalid', /^target must differ from actor/);
  });

  it('rejects details that do not fit the type, naming the field', () => {
    given(none)
      .when(record({ details: {} }))
      .rejects('invalid', /details\.track/);
    given(none)
      .when(record({ details: { track: 'x', extra: 1 } }))
      .rejects('invalid', /details\.extra: unknown field/);
    given(none)
      .when(record({ type: 'SanctionsImposed', details: { measures: [{ kind: 'embargo' }] } }))
      .rejects('invalid', /details\.measures\[0\]\.kind/);
    given(none)
      .when(record({ type: 'AmbassadorRecalled', details: { x: 1 } }))
      .rejects('invalid', /details\.x: unknown field/);
    given(none)
      .when(record({ type: 'DiplomatsExpelled', details: { count: 0 } }))
      .rejects('invalid', /details\.count/);
    given(none)
      .when(record({ occurredAt: '2022-02-30' }))
      .rejects('invalid', /occurredAt is not a real date/);
  });

  it('lifts a package that resolves to a SanctionsImposed of the same actor on the same target', () => {
    const c = lift('JP', 'RU', pkg);
    given(h.events)
      .when(c)
      .then([{ stream: 'pair-JP-RU', events: [expect.objectContaining({ type: 'SanctionsLifted' })] }]);
  });

  it('rejects a lift whose sanctionsId does not resolve, or names a retracted package (422)', () => {
    given(h.events)
      .when(lift('JP', 'RU', randomUUID()))
      .rejects('unprocessable', /is not a SanctionsImposed of JP on RU/);
    given(h.events)
      .when(lift('RU', 'JP', pkg))
      .rejects('unprocessable', /not a SanctionsImposed of RU on JP/);
    given(h.events)
      .when(lift('JP', 'RU', talks))
      .rejects('unprocessable', /not a SanctionsImposed/);
    given(h.events)
      .when(lift('JP', 'RU', retractedPkg))
      .rejects('unprocessable', /was retracted by/);
  });

  it('lifts a package imposed earlier in the same batch', () => {
    const imposed = record({
      type: 'SanctionsImposed',
      actor: 'US',
      target: 'IR',
      details: { measures: [{ kind: 'financial' }] },
    });
    const lifted = lift('US', 'IR', imposed.eventId);
    given(none)
      .when(imposed, lifted)
      .then([
        { stream: 'pair-IR-US', events: [expect.objectContaining({ eventId: imposed.eventId })] },
        { stream: 'pair-IR-US', events: [expect.objectContaining({ eventId: lifted.eventId })] },
      ]);
  });

  it.each([
    {},
    { sanctionsId: randomUUID(), kinds: ['other'] },
    { kinds: ['other'], measureIds: ['m1'] },
    { measureIds: ['m1'] },
    { sanctionsId: randomUUID(), measureIds: ['m1'], entities: ['VTB'] },
  ])('rejects a lift in none of its four forms: %j', (details) => {
    given(none)
      .when(record({ type: 'SanctionsLifted', actor: 'US', target: 'IR', details }))
      .rejects('invalid', /^details: give one of \{ sanctionsId \}/);
  });

  it("retracts a known action in its pair's stream; twice is a conflict; an unknown id is not found", () => {
    const c = retract(talks);
    given(h.events)
      .when(c)
      .then([
        {
          stream: 'pair-JP-RU',
          events: [{ type: 'ActionRetracted', eventId: c.eventId, data: { retracts: talks, reason: 'r' } }],
        },
      ]);
    given(h.events)
      .when(retract(retracted))
      .rejects('conflict', new RegExp(`already retracted by ${retraction}`));
    given(h.events)
      .when(retract(randomUUID()))
      .rejects('not-found', /no action with eventId/);
    given(h.events)
      .when(retract(retraction))
      .rejects('unprocessable', /is a retraction or correction/);
  });

  it('retracting an action twice in one batch is a conflict', () => {
    given(h.events)
      .when(retract(talks), retract(talks))
      .rejects('conflict', /already retracted/);
  });

  it('corrects occurredAt or details (validated against the action type); a retracted action cannot be corrected', () => {
    const c = correct(talks, { occurredAt: '2018-11-15' });
    given(h.events)
      .when(c)
      .then([
        {
          stream: 'pair-JP-RU',
          events: [
            {
              type: 'ActionCorrected',
              eventId: c.eventId,
              data: { corrects: talks, reason: 'r', occurredAt: '2018-11-15' },
            },
          ],
        },
      ]);
    given(h.events)
      .when(correct(talks, { details: { regime: 'x' } }))
      .rejects('invalid', /details\.regime: unknown field/);
    given(h.events)
      .when(correct(talks, {}))
      .rejects('invalid', /must give at least one of occurredAt, details, formality/);
    given(h.events)
      .when(correct(retracted, { occurredAt: '2020-01-02' }))
      .rejects('conflict', /already retracted/);
  });

  it('names the fields of a batch item with its path: the writer adds it, the domain does not know batches', () => {
    const e = new DomainError('invalid', [
      { field: 'target', message: 'target must differ' },
      { message: 'no field here' },
    ]).at('events[3].');
    expect(e.message).toBe('events[3].target must differ; no field here');
    expect(e.problems.map((p) => p.field)).toEqual(['events[3].target', undefined]);
  });

  it('recognises an idempotent retry by its body, whatever the key order', () => {
    const c: Command = record({ summary: 'Moscow ends talks' });
    const stored = {
      type: 'TalksTerminated',
      eventId: c.eventId,
      data: JSON.parse(JSON.stringify({ summary: 'Moscow ends talks', ...c.data })),
    } as RecordedEvent;
    expect(isRetryOf(stored, c)).toBe(true);
    expect(isRetryOf(stored, { ...c, data: { ...c.data, summary: 'other' } })).toBe(false);
  });

  describe('qualifiers and links', () => {
    it('records formality, announcedAt, inResponseTo and tags with the action; not datePrecision, which occurredAt gives', () => {
      const c = record({
        occurredAt: '2021-12',
        datePrecision: 'month',
        formality: 'denied',
        announcedAt: '2021-12-02',
        inResponseTo: [talks],
        tags: ['economic-coercion'],
      });
      const { datePrecision: _shown, ...stored } = c.data;
      given(h.events)
        .when(c)
        .then([{ stream: 'pair-JP-RU', events: [{ type: 'TalksTerminated', eventId: c.eventId, data: stored }] }]);
    });

    it('stores a formal action as one that says nothing of it, so that a retry saying it is the same request', () => {
      const plain = record();
      const stored = { type: plain.type, eventId: plain.eventId, data: plain.data } as RecordedEvent;
      expect(isRetryOf(stored, { ...plain, data: { ...plain.data, formality: 'formal', datePrecision: 'day' } })).toBe(
        true,
      );
      expect(isRetryOf(stored, { ...plain, data: { ...plain.data, formality: 'informal' } })).toBe(false);
    });

    it('refuses a datePrecision that occurredAt does not have', () => {
      given(none)
        .when(record({ occurredAt: '2021-12-01', datePrecision: 'month' }))
        .rejects('invalid', /^datePrecision \(month\) does not match occurredAt 2021-12-01, which is to the day/);
      given(none)
        .when(record({ occurredAt: '2021', datePrecision: 'month' }))
        .rejects('invalid', /^datePrecision .* to the year/);
      given(none)
        .when(record({ occurredAt: '2021-13' }))
        .rejects('invalid', /^occurredAt is not a real month/);
    });

    it('links to any action the ledger knows, of any pair: an unknown, retracted or amending id is a 422', () => {
      const other = h.action('SanctionsImposed', 'US', 'IR', '2020-01-01', { measures: [{ kind: 'financial' }] });
      const answer = record({ inResponseTo: [other] });
      given(h.events)
        .when(answer)
        .then([expect.objectContaining({ stream: 'pair-JP-RU' })]);
      given(h.events)
        .when(record({ inResponseTo: [talks, randomUUID()] }))
        .rejects('unprocessable', /^inResponseTo\[1\] .* is no action the ledger knows/);
      given(h.events)
        .when(record({ inResponseTo: [retracted] }))
        .rejects('unprocessable', /^inResponseTo\[0\] .* was retracted by/);
      given(h.events)
        .when(record({ inResponseTo: [retraction] }))
        .rejects('unprocessable', /^inResponseTo\[0\] .* is a retraction or correction/);
    });

    it('a batch item may answer one before it; a correction may set the qualifiers, not link an action to itself', () => {
      const first = record();
      given(none)
        .when(first, record({ inResponseTo: [first.eventId] }))
        .then([expect.anything(), expect.anything()]);
      const fix = correct(talks, { formality: 'informal', tags: ['x'], inResponseTo: [pkg] });
      given(h.events)
        .when(fix)
        .then([
          {
            stream: 'pair-JP-RU',
            events: [
              {
                type: 'ActionCorrected',
                eventId: fix.eventId,
                data: { corrects: talks, reason: 'r', formality: 'informal', tags: ['x'], inResponseTo: [pkg] },
              },
            ],
          },
        ]);
      given(h.events)
        .when(correct(talks, { inResponseTo: [talks] }))
        .rejects('unprocessable', /^inResponseTo\[0\] .* is this action itself/);
      given(h.events)
        .when(correct(talks, { datePrecision: 'year' }))
        .rejects('invalid', /must give at least one of/);
    });
  });
});
