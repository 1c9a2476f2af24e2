import { randomUUID } from 'node:crypto';
import { history } from '../testing/history';
import { Command, decide, DecisionContext, isRetryOf, RecordAction } from './decide';
import { DomainError } from './errors';
import { RecordedEvent } from './events';
import { knowledgeAt } from './state/knowledge';

const record = (over: Partial<RecordAction['data']> & { type?: RecordAction['type'] } = {}): RecordAction => {
  const { type = 'TalksTerminated', ...data } = over;
  return {
    kind: 'RecordAction',
    eventId: randomUUID(),
    type,
    data: { actor: 'RU', target: 'JP', occurredAt: '2022-03-21', details: { track: 'peace-treaty' }, ...data },
  };
};

/** when the command is decided in the context, then it fails with this kind and a message matching. */
function rejects(command: Command, ctx: DecisionContext, kind: DomainError['kind'], message: RegExp, path = '') {
  try {
    decide(command, ctx, path);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).kind).toBe(kind);
    expect((e as DomainError).message).toMatch(message);
    return;
  }
  throw new Error('expected the command to be rejected');
}

describe('decide (given context / when command / then events or error)', () => {
  const h = history();
  const pkg = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-08', { measures: [{ kind: 'export_ban' }] });
  const talks = h.action('TalksOpened', 'JP', 'RU', '2018-11-14', { track: 'peace-treaty' });
  const retracted = h.action('ProtestLodged', 'JP', 'RU', '2020-01-01');
  const retraction = h.retract(retracted);
  const known = knowledgeAt(h.events);

  it('records a valid action as one event of its type', () => {
    const c = record();
    expect(decide(c, {})).toEqual([{ type: 'TalksTerminated', eventId: c.eventId, data: c.data }]);
  });

  it('rejects an actor acting on itself, naming target with the batch path', () => {
    rejects(record({ target: 'RU' }), {}, 'invalid', /^events\[3\]\.target must differ from actor/, 'events[3].');
  });

  it('rejects details that do not fit the type, naming the field', () => {
    rejects(record({ details: {} }), {}, 'invalid', /details\.track/);
    rejects(record({ details: { track: 'x', extra: 1 } }), {}, 'invalid', /details\.extra: unknown field/);
    rejects(
      record({ type: 'SanctionsImposed', details: { measures: [{ kind: 'embargo' }] } }),
      {},
      'invalid',
      /details\.measures\[0\]\.kind/,
    );
    rejects(record({ type: 'AmbassadorRecalled', details: { x: 1 } }), {}, 'invalid', /details\.x: unknown field/);
    rejects(record({ type: 'DiplomatsExpelled', details: { count: 0 } }), {}, 'invalid', /details\.count/);
    rejects(record({ occurredAt: '2022-02-30' }), {}, 'invalid', /occurredAt is not a real date/);
  });

  it('lifts a package that resolves to a SanctionsImposed of the same actor on the same target', () => {
    const c = record({ type: 'SanctionsLifted', actor: 'JP', target: 'RU', details: { sanctionsId: pkg } });
    expect(decide(c, { referenced: known.get(pkg) })).toHaveLength(1);
  });

  it('rejects a lift whose sanctionsId does not resolve (422)', () => {
    const lift = (actor: string, target: string, id: string) =>
      record({ type: 'SanctionsLifted', actor, target, details: { sanctionsId: id } });
    rejects(
      lift('JP', 'RU', randomUUID()),
      { referenced: null },
      'unprocessable',
      /is not a SanctionsImposed of JP on RU/,
    );
    rejects(
      lift('RU', 'JP', pkg),
      { referenced: known.get(pkg) },
      'unprocessable',
      /not a SanctionsImposed of RU on JP/,
    );
    rejects(lift('JP', 'RU', talks), { referenced: known.get(talks) }, 'unprocessable', /not a SanctionsImposed/);
    rejects(lift('JP', 'RU', pkg), {}, 'unprocessable', /not a SanctionsImposed/);
  });

  it('rejects a lift that names both or neither of sanctionsId and kinds', () => {
    rejects(record({ type: 'SanctionsLifted', details: {} }), {}, 'invalid', /exactly one of sanctionsId/);
  });

  it('retracts a known action; twice is a conflict; an unknown id is not found', () => {
    const retract = (id: string): Command => ({
      kind: 'RetractAction',
      eventId: randomUUID(),
      retracts: id,
      reason: 'r',
    });
    expect(decide(retract(talks), { target: known.get(talks) })[0]).toMatchObject({
      type: 'ActionRetracted',
      data: { retracts: talks, reason: 'r' },
    });
    rejects(
      retract(retracted),
      { target: known.get(retracted) },
      'conflict',
      new RegExp(`already retracted by ${retraction}`),
    );
    rejects(retract(randomUUID()), { target: null }, 'not-found', /no action with eventId/);
    rejects(retract(retraction), { target: 'amendment' }, 'unprocessable', /is a retraction or correction/);
  });

  it('corrects occurredAt or details (validated against the action type); a retracted action cannot be corrected', () => {
    const correct = (id: string, fix: object): Command => ({
      kind: 'CorrectAction',
      eventId: randomUUID(),
      corrects: id,
      reason: 'r',
      ...fix,
    });
    expect(decide(correct(talks, { occurredAt: '2018-11-15' }), { target: known.get(talks) })[0].data).toEqual({
      corrects: talks,
      reason: 'r',
      occurredAt: '2018-11-15',
    });
    rejects(
      correct(talks, { details: { regime: 'x' } }),
      { target: known.get(talks) },
      'invalid',
      /details\.regime: unknown field/,
    );
    rejects(correct(talks, {}), { target: known.get(talks) }, 'invalid', /must give occurredAt, details, or both/);
    rejects(
      correct(retracted, { occurredAt: '2020-01-02' }),
      { target: known.get(retracted) },
      'conflict',
      /already retracted/,
    );
  });

  it('recognises an idempotent retry by its body, whatever the key order', () => {
    const c = record({ summary: 'Moscow ends talks' });
    const [e] = decide(c, {});
    const stored = {
      ...e,
      data: JSON.parse(JSON.stringify({ summary: 'Moscow ends talks', ...e.data })),
    } as RecordedEvent;
    expect(isRetryOf(stored, c)).toBe(true);
    expect(isRetryOf(stored, { ...c, data: { ...c.data, summary: 'other' } })).toBe(false);
  });
});
