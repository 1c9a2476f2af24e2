import { history } from '../../../test/support/history';
import { parseInstant } from '../time';
import { STANDING_METHOD } from './standing';
import { stateAt } from './state-at';
import { viewState } from './view';

const on = (d: string) => parseInstant('asOf', d, 'end-of-day');

describe('the standing score: what is in force, weighed', () => {
  it('a break and its repair net to zero, where the Goldstein sum rewards them', () => {
    const h = history();
    h.action('DiplomaticRelationsSevered', 'SA', 'IR', '2016-01-03'); // -4 in the Goldstein sum
    h.action('DiplomaticRelationsRestored', 'SA', 'IR', '2023-04-06'); // +6
    const during = viewState(stateAt(h.events, on('2020-01-01'))).index;
    const after = viewState(stateAt(h.events, on('2024-01-01'))).index;
    expect(during).toMatchObject({ score: -4, standing: STANDING_METHOD.weights.diplomaticRelations.severed });
    expect(after).toMatchObject({ score: 2, standing: 0 });
  });

  it('sums every area in force: an ambassador recalled, talks and cooperation active, a regime and packages in force', () => {
    const h = history();
    h.action('AmbassadorRecalled', 'JP', 'RU', '2022-01-01');
    h.action('TalksOpened', 'JP', 'RU', '2022-01-02', { track: 'peace-treaty' });
    h.action('CooperationLaunched', 'JP', 'RU', '2022-01-03', { framework: 'fisheries' });
    h.action('VisaRegimeGranted', 'RU', 'JP', '2022-01-04', { regime: 'visa-free' });
    h.action('SanctionsImposed', 'JP', 'RU', '2022-01-05', { measures: [{ kind: 'export_ban' }] });
    h.action('SanctionsImposed', 'RU', 'JP', '2022-01-06', { measures: [{ kind: 'import_ban' }] });
    h.action('DiplomatsExpelled', 'RU', 'JP', '2022-01-07', { count: 8 });
    const w = STANDING_METHOD.weights;
    const expected =
      w.ambassadors.recalled +
      w.talks.active +
      w.cooperation.active +
      w.visaRegimes['in-force'] +
      2 * w.sanctions.active;
    expect(viewState(stateAt(h.events, on('2022-02-01'))).index.standing).toBe(expected);
    expect(expected).not.toBe(0);
  });

  it('weighs the level relations went down to, an expelled envoy, and each mission open', () => {
    const h = history();
    h.action('DiplomaticRelationsDowngraded', 'CN', 'LT', '2021-11-21', { level: 'interests-section' });
    h.action('AmbassadorExpelled', 'SA', 'CA', '2018-08-05');
    h.action('MissionOpened', 'TW', 'LT', '2021-11-18', { mission: 'representative-office' });
    h.action('MissionOpened', 'LT', 'TW', '2022-11-07', { mission: 'representative-office' });
    const w = STANDING_METHOD.weights;
    const standing = (a: string, b: string) => {
      const [x, y] = [a, b].sort();
      return viewState(
        stateAt(
          h.events.filter((e) => e.stream === `pair-${x}-${y}`),
          on('2023-01-01'),
        ),
      ).index.standing;
    };
    expect(standing('CN', 'LT')).toBe(w.diplomaticRelations['interests-section']);
    expect(standing('CA', 'SA')).toBe(w.ambassadors.expelled);
    expect(standing('LT', 'TW')).toBe(2 * w.missions.open);
    expect([w.diplomaticRelations['interests-section'], w.ambassadors.expelled, w.missions.open]).toEqual([-5, -3, 1]);
  });

  it('what has ended weighs nothing: terminated talks, a revoked regime, a lifted package, a returned envoy', () => {
    const h = history();
    h.action('TalksOpened', 'JP', 'RU', '2018-01-01', { track: 'peace-treaty' });
    h.action('TalksTerminated', 'RU', 'JP', '2022-03-21', { track: 'peace-treaty' });
    h.action('VisaRegimeGranted', 'RU', 'JP', '1999-01-01', { regime: 'visa-free' });
    h.action('VisaRegimeRevoked', 'RU', 'JP', '2022-03-21', { regime: 'visa-free' });
    const pkg = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-01', { measures: [{ kind: 'export_ban' }] });
    h.action('SanctionsLifted', 'JP', 'RU', '2022-03-10', { sanctionsId: pkg });
    h.action('AmbassadorRecalled', 'JP', 'RU', '2022-03-01');
    h.action('AmbassadorReturned', 'JP', 'RU', '2022-03-15');
    expect(viewState(stateAt(h.events, on('2022-04-01'))).index.standing).toBe(0);
  });
});
