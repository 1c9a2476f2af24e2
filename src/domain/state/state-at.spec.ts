import { history } from '../../../test/support/history';
import { parseInstant } from '../time';
import { stateAt } from './state-at';
import { viewState } from './view';

const day = (d: string) => parseInstant('asOf', d, 'end-of-day');

describe('the bitemporal fold (given events / then state)', () => {
  describe('given the seed episode of 2022-03-21', () => {
    const h = history();
    const talks = h.action('TalksOpened', 'JP', 'RU', '2018-11-14', { track: 'peace-treaty' });
    h.action('VisaRegimeGranted', 'RU', 'JP', '1991-04-18', { regime: 'visa-free-south-kurils' });
    const sanctions = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-08', {
      measures: [
        { kind: 'export_ban', items: 300 },
        { kind: 'asset_freeze', entities: ['VTB', 'Rossiya Bank'] },
      ],
    });
    const terminated = h.action('TalksTerminated', 'RU', 'JP', '2022-03-21', { track: 'peace-treaty' });
    h.action('VisaRegimeRevoked', 'RU', 'JP', '2022-03-21', { regime: 'visa-free-south-kurils' });

    it('then on 2022-03-20 talks are active, the visa regime in force and the sanctions active', () => {
      const s = viewState(stateAt(h.events, day('2022-03-20')));
      expect(s.talks).toEqual([
        { track: 'peace-treaty', status: 'active', by: 'JP', since: '2018-11-14', eventId: talks },
      ]);
      expect(s.visaRegimes).toEqual([
        expect.objectContaining({
          regime: 'visa-free-south-kurils',
          grantedBy: 'RU',
          beneficiary: 'JP',
          status: 'in-force',
        }),
      ]);
      expect(s.sanctions.map((p) => [p.id, p.imposedBy, p.target, p.status])).toEqual([
        [sanctions, 'JP', 'RU', 'active'],
      ]);
      expect(s.eventCount).toBe(3);
      // Talks active (+2), a regime in force (+1), a package in force (-3).
      expect(s.index).toEqual({ score: 7 + 5 - 8, actions: 3, average: 1.33, standing: 2 + 1 - 3 });
    });

    it('then on 2022-03-21 talks are terminated by RU and the visa regime revoked', () => {
      const s = viewState(stateAt(h.events, day('2022-03-21')));
      expect(s.talks).toEqual([
        { track: 'peace-treaty', status: 'terminated', by: 'RU', since: '2022-03-21', eventId: terminated },
      ]);
      expect(s.visaRegimes[0].status).toBe('revoked');
      expect(s.lastEventAt).toBe('2022-03-21');
    });

    it('then before anything happened the pair is at its default', () => {
      const s = viewState(stateAt(h.events, day('1990-01-01')));
      expect(s).toMatchObject({
        diplomaticRelations: { status: 'unrecorded', by: null },
        sanctions: [],
        talks: [],
        eventCount: 0,
      });
    });
  });

  it('given an action recorded late with an earlier valid time, then it is folded in valid-time order', () => {
    const h = history();
    h.action('DiplomaticRelationsRestored', 'SA', 'IR', '2023-03-10');
    h.action('DiplomaticRelationsSevered', 'SA', 'IR', '2016-01-03');
    expect(stateAt(h.events, day('2020-01-01')).diplomaticRelations.status).toBe('severed');
    expect(stateAt(h.events, day('2024-01-01')).diplomaticRelations.status).toBe('normal');
  });

  it('given two actions on the same date, then log order breaks the tie', () => {
    const h = history();
    h.action('AmbassadorRecalled', 'CA', 'SA', '2018-08-05');
    h.action('AmbassadorReturned', 'CA', 'SA', '2018-08-05');
    expect(stateAt(h.events, day('2018-08-05')).ambassadors['CA>SA'].status).toBe('present');
  });

  describe('given a retraction and a correction recorded later', () => {
    const h = history();
    const expelled = h.action('DiplomatsExpelled', 'GB', 'RU', '2018-03-14', { count: 23 });
    const severed = h.action('DiplomaticRelationsSevered', 'GB', 'RU', '2018-03-15');
    const before = h.now();
    h.retract(severed);
    h.correct(expelled, { occurredAt: '2018-03-20' });
    const after = h.now();

    it('then as known before them, the old picture stands', () => {
      const s = stateAt(h.events, day('2018-03-16'), before);
      expect(s.diplomaticRelations.status).toBe('severed');
      expect(s.incidents).toEqual({ DiplomatsExpelled: 1 });
    });

    it('then as known after them, the retracted action no longer counts and the correction moved the other', () => {
      expect(stateAt(h.events, day('2018-03-16'), after)).toMatchObject({
        diplomaticRelations: { status: 'unrecorded' },
        incidents: {},
        eventCount: 0,
      });
      expect(stateAt(h.events, day('2018-03-20'), after).incidents).toEqual({ DiplomatsExpelled: 1 });
    });

    it('then a knownAt before any event gives the default state', () => {
      expect(stateAt(h.events, day('2030-01-01'), 0).eventCount).toBe(0);
    });
  });
});
