import { history } from '../../../test/support/history';
import { diffStates } from '../state/diff';
import { nextTimedChange } from '../state/evolve';
import { steps } from '../state/steps';
import { stateAt } from '../state/state-at';
import { viewState } from '../state/view';
import { parseInstant } from '../time';
import { NOT_IN_FORCE, SanctionsPackage } from './sanctions';

const day = (d: string) => parseInstant('asOf', d, 'end-of-day');
type Events = ReturnType<typeof history>['events'];
/** The packages of a pair on a date as known at a time, with every status listed. */
const packages = (events: Events, asOf: string, knownAt = Infinity): SanctionsPackage[] =>
  viewState(stateAt(events, day(asOf), knownAt), { include: NOT_IN_FORCE }).sanctions;
const only = (events: Events, asOf: string, knownAt = Infinity) => {
  const all = packages(events, asOf, knownAt);
  expect(all).toHaveLength(1);
  return all[0];
};

describe('sanctions packages through their lives (given events / then state)', () => {
  describe("given the EU's sectoral sanctions on Russia: imposed for a year, renewed every six months, amended in 2022", () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'EU', 'RU', '2014-07-31', {
      program: 'EU-RUSSIA-SECTORAL',
      legalBasis: [{ authority: 'Council of the EU', instrument: 'Decision 2014/512/CFSP' }],
      expiresAt: '2015-07-31',
      measures: [
        { kind: 'financial', description: 'capital markets', entities: ['Sberbank', 'VTB Bank'] },
        { kind: 'arms_embargo' },
      ],
    });
    const renewals = [
      ['2015-06-22', '2016-01-31'],
      ['2015-12-21', '2016-07-31'],
      ['2016-07-01', '2017-01-31'],
    ].map(([on, until]) => h.action('SanctionsRenewed', 'EU', 'RU', on, { sanctionsId: pkg, expiresAt: until }));
    const amendment = h.action('SanctionsAmended', 'EU', 'RU', '2022-02-28', {
      sanctionsId: pkg,
      add: [
        {
          id: 'm3',
          kind: 'asset_freeze',
          entities: [{ name: 'Central Bank of Russia', ids: { wikidata: 'Q1061480' } }],
        },
      ],
    });

    it('then each renewal extends the one package, and lists it', () => {
      const p = only(h.events, '2016-03-01');
      expect(p).toMatchObject({ id: pkg, status: 'active', expiresAt: '2016-07-31', program: 'EU-RUSSIA-SECTORAL' });
      expect(p.renewals).toEqual([
        { eventId: renewals[0], renewedAt: '2015-06-22', expiresAt: '2016-01-31' },
        { eventId: renewals[1], renewedAt: '2015-12-21', expiresAt: '2016-07-31' },
      ]);
    });

    it('then the index does not move on renewals', () => {
      const before = viewState(stateAt(h.events, day('2015-06-21'))).index;
      const after = viewState(stateAt(h.events, day('2016-12-31'))).index;
      expect(after).toEqual(before);
      expect(after).toMatchObject({ score: -8, actions: 1 });
    });

    it('then it is in force through its expiry day and lapsed the day after, when no renewal extends it', () => {
      expect(only(h.events, '2017-01-31').status).toBe('active');
      expect(only(h.events, '2017-02-01')).toMatchObject({ status: 'lapsed', expiresAt: '2017-01-31' });
      expect(viewState(stateAt(h.events, day('2017-02-01'))).sanctions).toEqual([]);
    });

    it('then what a watcher waits for is the instant after each expiry in force, and nothing once lapsed', () => {
      expect(nextTimedChange(stateAt(h.events, day('2015-01-01')))).toBe(day('2015-07-31') + 1);
      expect(nextTimedChange(stateAt(h.events, day('2016-12-31')))).toBe(day('2017-01-31') + 1);
      expect(nextTimedChange(stateAt(h.events, day('2017-02-01')))).toBeNull();
    });

    it('then 2015 shows none of the measures the 2022 amendment added; 2022 shows them from its date', () => {
      expect(only(h.events, '2015-01-01').measures.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(only(h.events, '2022-02-27').measures.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(only(h.events, '2022-02-28').measures).toContainEqual(
        expect.objectContaining({ id: 'm3', kind: 'asset_freeze', status: 'active', since: '2022-02-28' }),
      );
    });

    it("then /changes names the lapse on its expiry date, and the timeline counts it as no action's effect", () => {
      const change = diffStates(stateAt(h.events, day('2017-01-31')), stateAt(h.events, day('2017-02-01')));
      expect(change).toEqual([
        expect.objectContaining({ area: 'sanctions', key: pkg, to: expect.objectContaining({ status: 'lapsed' }) }),
      ]);
      const effects = [...steps(h.events)].map((s) => [s.action.eventId, diffStates(s.before, s.after)]);
      const ofAmendment = effects.find(([id]) => id === amendment)![1] as ReturnType<typeof diffStates>;
      // The amendment adds to a lapsed package: it does not bring it back in force.
      expect(ofAmendment[0]).toMatchObject({ from: { status: 'lapsed' }, to: { status: 'lapsed' } });
    });
  });

  describe('given a renewal recorded late', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'EU', 'RU', '2014-07-31', {
      expiresAt: '2015-07-31',
      measures: [{ kind: 'financial' }],
    });
    const before = h.now();
    h.action('SanctionsRenewed', 'EU', 'RU', '2015-06-22', { sanctionsId: pkg, expiresAt: '2016-01-31' });

    it('then as known before it was recorded, the package lapsed after its expiry', () => {
      expect(only(h.events, '2015-09-01', before).status).toBe('lapsed');
    });

    it('then as known now, it was in force until the renewed expiry', () => {
      expect(only(h.events, '2015-09-01').status).toBe('active');
      expect(only(h.events, '2016-02-01').status).toBe('lapsed');
    });
  });

  it('given a renewal after the package lapsed, then it is back in force from the renewal, lapsed in between', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'US', 'IR', '2020-01-01', {
      expiresAt: '2020-12-31',
      measures: [{ kind: 'financial' }],
    });
    h.action('SanctionsRenewed', 'US', 'IR', '2021-03-01', { sanctionsId: pkg, expiresAt: '2021-12-31' });
    expect(only(h.events, '2021-02-01').status).toBe('lapsed');
    expect(only(h.events, '2021-03-01').status).toBe('active');
  });

  describe('given a suspension and a reinstatement (JCPOA-style relief)', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'EU', 'IR', '2012-01-23', { measures: [{ kind: 'import_ban' }] });
    const suspension = h.action('SanctionsSuspended', 'EU', 'IR', '2016-01-16', { sanctionsId: pkg });
    h.action('SanctionsReinstated', 'EU', 'IR', '2020-09-20', { sanctionsId: pkg });

    it('then the package is not in force while suspended, and listed with include=suspended', () => {
      const s = stateAt(h.events, day('2017-01-01'));
      expect(viewState(s).sanctions).toEqual([]);
      expect(viewState(s, { include: ['suspended'] }).sanctions).toEqual([
        expect.objectContaining({
          status: 'suspended',
          suspension: { since: '2016-01-16', until: null, eventId: suspension },
        }),
      ]);
    });

    it('then it is in force again from the reinstatement, with no suspension', () => {
      const p = only(h.events, '2020-09-20');
      expect(p.status).toBe('active');
      expect(p.suspension).toBeUndefined();
    });
  });

  it('given a suspension with an end, then it ends by itself after that day', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'US', 'VE', '2019-01-28', { measures: [{ kind: 'import_ban' }] });
    h.action('SanctionsSuspended', 'US', 'VE', '2023-10-18', { sanctionsId: pkg, until: '2024-04-18' });
    expect(only(h.events, '2024-04-18').status).toBe('suspended');
    expect(only(h.events, '2024-04-19')).toMatchObject({ status: 'active' });
    expect(only(h.events, '2024-04-19').suspension).toBeUndefined();
  });

  describe('given lifts of one measure and of one entity', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'GB', 'RU', '2022-02-24', {
      measures: [
        { kind: 'asset_freeze', entities: [{ name: 'Gazprombank', ids: { opensanctions: 'NK-gpb' } }, 'Sovcombank'] },
        { kind: 'travel_ban', entities: ['Oleg Deripaska'] },
        { kind: 'export_ban' },
      ],
    });
    const measureLift = h.action('SanctionsLifted', 'GB', 'RU', '2023-01-01', { sanctionsId: pkg, measureIds: ['m3'] });
    const delisting = h.action('SanctionsLifted', 'GB', 'RU', '2023-06-01', { sanctionsId: pkg, entities: ['nk-GPB'] });
    h.action('SanctionsLifted', 'GB', 'RU', '2023-07-01', { sanctionsId: pkg, entities: ['Oleg Deripaska'] });

    it('then a lifted measure leaves the package in force, listed apart with when and by what', () => {
      const p = only(h.events, '2023-02-01');
      expect(p.status).toBe('active');
      expect(p.measures.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(p.liftedMeasures).toEqual([
        expect.objectContaining({ id: 'm3', status: 'lifted', liftedAt: '2023-01-01', liftedBy: measureLift }),
      ]);
    });

    it('then a delisting takes the entity (named by an id, whatever the case) off its measure only', () => {
      const m1 = only(h.events, '2023-06-01').measures[0];
      expect(m1.entities).toEqual(['Sovcombank']);
      expect(m1.delisted).toEqual([
        { name: 'Gazprombank', ids: { opensanctions: 'NK-gpb' }, delistedAt: '2023-06-01', delistedBy: delisting },
      ]);
    });

    it('then a measure left naming no one is lifted', () => {
      const p = only(h.events, '2023-07-01');
      expect(p.measures.map((m) => m.id)).toEqual(['m1']);
      expect(p.liftedMeasures.map((m) => m.id)).toEqual(['m3', 'm2']);
    });
  });

  it('given lifts of every measure one by one, then the package is lifted with the last', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'US', 'CU', '1962-02-07', {
      measures: [{ kind: 'export_ban' }, { kind: 'import_ban' }],
    });
    h.action('SanctionsLifted', 'US', 'CU', '2015-01-16', { sanctionsId: pkg, measureIds: ['m1'] });
    const last = h.action('SanctionsLifted', 'US', 'CU', '2016-01-16', { sanctionsId: pkg, measureIds: ['m2'] });
    expect(viewState(stateAt(h.events, day('2016-02-01'))).sanctions).toEqual([]);
    expect(only(h.events, '2016-02-01')).toMatchObject({ status: 'lifted', liftedAt: '2016-01-16', liftedBy: last });
  });

  it('given an amendment that removes a measure and adds one, then the removed one is lifted by it from its date', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'EU', 'BY', '2021-06-24', {
      measures: [{ kind: 'export_ban' }, { kind: 'financial' }],
    });
    const amendment = h.action('SanctionsAmended', 'EU', 'BY', '2022-03-02', {
      sanctionsId: pkg,
      remove: ['m1'],
      add: [{ id: 'm3', kind: 'export_ban', description: 'dual-use goods' }],
    });
    expect(only(h.events, '2022-03-01').measures.map((m) => m.id)).toEqual(['m1', 'm2']);
    const p = only(h.events, '2022-03-02');
    expect(p.measures.map((m) => [m.id, m.since])).toEqual([
      ['m2', '2021-06-24'],
      ['m3', '2022-03-02'],
    ]);
    expect(p.liftedMeasures).toEqual([expect.objectContaining({ id: 'm1', liftedBy: amendment })]);
  });

  it('given lifecycle actions before their package in valid time or after its lift, then they change nothing', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'JP', 'KP', '2010-01-01', { measures: [{ kind: 'import_ban' }] });
    h.action('SanctionsRenewed', 'JP', 'KP', '2009-01-01', { sanctionsId: pkg, expiresAt: '2009-06-01' });
    h.action('SanctionsLifted', 'JP', 'KP', '2011-01-01', { sanctionsId: pkg });
    h.action('SanctionsSuspended', 'JP', 'KP', '2012-01-01', { sanctionsId: pkg });
    expect(only(h.events, '2010-06-01')).toMatchObject({ status: 'active', expiresAt: null, renewals: [] });
    expect(only(h.events, '2013-01-01')).toMatchObject({ status: 'lifted', liftedAt: '2011-01-01' });
  });

  it('given v1 lifts by kinds, then they answer as v1 did: measures taken out, an emptied package lifted with its last', () => {
    const h = history();
    const a = h.action('SanctionsImposed', 'US', 'IR', '2010-07-01', {
      measures: [
        { kind: 'financial', entities: ['Bank Melli'] },
        { kind: 'export_ban', items: 12 },
      ],
    });
    const b = h.action('SanctionsImposed', 'US', 'IR', '2012-02-06', { measures: [{ kind: 'export_ban' }] });
    h.action('SanctionsLifted', 'US', 'IR', '2016-01-16', { kinds: ['export_ban'] });
    const [pa, pb] = packages(h.events, '2016-02-01');
    expect(pa).toMatchObject({ id: a, status: 'active', measures: [{ kind: 'financial', entities: ['Bank Melli'] }] });
    expect(pa.measures).toHaveLength(1);
    expect(pb).toMatchObject({ id: b, status: 'lifted', measures: [{ kind: 'export_ban' }], liftedAt: '2016-01-16' });
  });
});
