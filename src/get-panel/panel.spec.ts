import { effectiveActions, knowledgeAt } from '../domain/state/knowledge';
import { initialState } from '../domain/state/relation-state';
import { parseInstant } from '../domain/time';
import { history } from '../../test/support/history';
import { panelRows, periodsOf, rowObject } from './panel';

const day = (d: string) => parseInstant('d', d, 'start-of-day');

describe('periods of a panel', () => {
  it('are whole calendar periods covering from..to, labelled as researchers write them', () => {
    expect(periodsOf(day('2021-11-15'), day('2022-02-01'), 'month').map((p) => p.label)).toEqual([
      '2021-11',
      '2021-12',
      '2022-01',
      '2022-02',
    ]);
    const quarters = periodsOf(day('2021-12-31'), day('2022-04-01'), 'quarter');
    expect(quarters.map((p) => [p.label, new Date(p.start).toISOString(), new Date(p.end).toISOString()])).toEqual([
      ['2021-Q4', '2021-10-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z'],
      ['2022-Q1', '2022-01-01T00:00:00.000Z', '2022-04-01T00:00:00.000Z'],
      ['2022-Q2', '2022-04-01T00:00:00.000Z', '2022-07-01T00:00:00.000Z'],
    ]);
    expect(periodsOf(day('1999-06-01'), day('2001-01-01'), 'year').map((p) => p.label)).toEqual([
      '1999',
      '2000',
      '2001',
    ]);
  });

  it('are at most 1,200', () => {
    expect(periodsOf(day('1900-01-01'), day('1999-12-31'), 'month')).toHaveLength(1200);
    expect(() => periodsOf(day('1900-01-01'), day('2000-01-01'), 'month')).toThrow(/spans 1201 months/);
  });
});

describe('the rows of a pair (given actions / then rows)', () => {
  it('count the period’s actions and read the state at its end, a lapse included', () => {
    const h = history();
    h.action('SanctionsImposed', 'JP', 'RU', '2022-01-10', {
      measures: [{ kind: 'export_ban' }, { kind: 'asset_freeze' }],
      expiresAt: '2022-02-15',
    });
    h.action('TalksTerminated', 'RU', 'JP', '2022-01-20', { track: 'peace-treaty' });
    h.action('DiplomaticRelationsDowngraded', 'RU', 'JP', '2022-03-05', { level: 'charge-d-affaires' });
    const retracted = h.action('ProtestLodged', 'JP', 'RU', '2022-03-06');
    h.retract(retracted);
    const actions = effectiveActions(knowledgeAt(h.events));
    const rows = [
      ...panelRows(['JP', 'RU'], periodsOf(day('2022-01-01'), day('2022-03-31'), 'month'), initialState(), actions),
    ].map(rowObject);
    expect(rows.map((r) => [r.period, r.actions, r.goldstein, r.n_SanctionsImposed, r.n_ProtestLodged])).toEqual([
      ['2022-01', 2, -15, 1, 0],
      ['2022-02', 0, 0, 0, 0],
      ['2022-03', 1, -4, 0, 0],
    ]);
    expect(rows.map((r) => [r.sanctions_a_on_b, r.sanction_kinds_a_on_b, r.sanctions_b_on_a])).toEqual([
      [1, 'asset_freeze;export_ban', 0],
      [0, '', 0], // lapsed after 15 February
      [0, '', 0],
    ]);
    expect(rows.map((r) => [r.talks_changed, r.relations_status, r.relations_level])).toEqual([
      ['peace-treaty:terminated', 'unrecorded', null],
      ['', 'unrecorded', null],
      ['', 'downgraded', 'charge-d-affaires'],
    ]);
    expect(rows.map((r) => r.standing)).toEqual([-3, 0, -3]);
  });
});
