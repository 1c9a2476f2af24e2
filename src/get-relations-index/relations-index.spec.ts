import { history } from '../../test/support/history';
import { relationsIndex } from './relations-index';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('relationsIndex: the Goldstein index of a pair per month and at each action', () => {
  const episode = () => {
    const h = history();
    const talks = h.action('TalksResumed', 'JP', 'RU', '2018-11-14', { track: 'peace-treaty' }); // +7
    h.action('SanctionsImposed', 'JP', 'RU', '2022-01-01', { measures: [{ kind: 'export_ban' }] }); // -8
    const ended = h.action('TalksTerminated', 'RU', 'JP', '2022-03-21', { track: 'peace-treaty' }); // -7
    h.action('VisaRegimeRevoked', 'RU', 'JP', '2022-03-21', { regime: 'visa-free-south-kurils' }); // -5
    return { h, talks, ended };
  };

  it('buckets the scores by calendar month, dense from the first action to the last, with the running index', () => {
    const { h } = episode();
    const { months, actions } = relationsIndex(h.events, Infinity);
    // Standing: talks active (+2), then a package in force (-3), then the talks ended (0).
    expect(months[0]).toEqual({ month: '2018-11', score: 7, count: 1, average: 7, cumulative: 7, standing: 2 });
    expect(months.at(-1)).toEqual({
      month: '2022-03',
      score: -12,
      count: 2,
      average: -6,
      cumulative: -13,
      standing: -3,
    });
    expect(months).toHaveLength(41); // 2018-11 … 2022-03
    expect(months.find((m) => m.month === '2020-06')).toEqual({
      month: '2020-06',
      score: 0,
      count: 0,
      average: null,
      cumulative: 7,
      standing: 2,
    });
    expect(actions.map((a) => [a.type, a.score, a.cumulative, a.standing])).toEqual([
      ['TalksResumed', 7, 7, 2],
      ['SanctionsImposed', -8, -1, -1],
      ['TalksTerminated', -7, -8, -3],
      ['VisaRegimeRevoked', -5, -13, -3],
    ]);
  });

  it('keeps the months from..to, counting earlier actions in the cumulative', () => {
    const { h } = episode();
    const { months, actions } = relationsIndex(h.events, Infinity, day('2022-02-10'), day('2022-04-30'));
    expect(months.map((m) => [m.month, m.score, m.cumulative])).toEqual([
      ['2022-02', 0, -1],
      ['2022-03', -12, -13],
      ['2022-04', 0, -13],
    ]);
    expect(actions.map((a) => a.type)).toEqual(['TalksTerminated', 'VisaRegimeRevoked']);
  });

  it('follows knownAt: a correction or retraction recorded later is not applied yet', () => {
    const { h, talks, ended } = episode();
    const before = h.now();
    h.correct(ended, { occurredAt: '2022-04-02' });
    h.retract(talks);
    const now = relationsIndex(h.events, Infinity);
    expect(now.actions.map((a) => a.type)).toEqual(['SanctionsImposed', 'VisaRegimeRevoked', 'TalksTerminated']);
    expect(now.months.at(-1)).toMatchObject({ month: '2022-04', score: -7, cumulative: -20 });
    const then = relationsIndex(h.events, before);
    expect(then.actions).toHaveLength(4);
    expect(then.months.at(-1)).toMatchObject({ month: '2022-03', cumulative: -13 });
  });

  it('has no months for a pair without actions, and refuses more than a century of months', () => {
    expect(relationsIndex([], Infinity)).toEqual({ months: [], actions: [] });
    expect(() => relationsIndex([], Infinity, day('1900-01-01'), day('2100-01-01'))).toThrow(/more than 1200 months/);
  });
});
