import { DETAILS, seeded } from '../../../test/support/generators';
import { history } from '../../../test/support/history';
import { ACTION_TYPES } from '../catalogue/catalogue';
import { parseInstant } from '../time';
import { diffStates } from './diff';
import { evolve, foldActions } from './evolve';
import { effectiveActions, knowledgeAt } from './knowledge';
import { initialState, RelationState } from './relation-state';
import { stateAt } from './state-at';
import { viewState } from './view';

const at = (d: string) => parseInstant('asOf', d, 'end-of-day');

describe('evolve: what each action does to the state', () => {
  it('lifting a package by id lifts it, with liftedAt', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'EU', 'RU', '2014-03-17', { measures: [{ kind: 'travel_ban' }] });
    const lift = h.action('SanctionsLifted', 'EU', 'RU', '2020-01-01', { sanctionsId: pkg });
    const s = stateAt(h.events, at('2020-01-01'));
    expect(viewState(s).sanctions).toEqual([]);
    expect(viewState(s, { include: ['lifted'] }).sanctions).toEqual([
      expect.objectContaining({ id: pkg, status: 'lifted', liftedAt: '2020-01-01', liftedBy: lift }),
    ]);
  });

  it("lifting by kinds removes those measures from all the actor's packages on the target, and lifts emptied ones", () => {
    const h = history();
    const a = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-01', {
      measures: [{ kind: 'export_ban' }, { kind: 'asset_freeze' }],
    });
    const b = h.action('SanctionsImposed', 'JP', 'RU', '2022-03-02', { measures: [{ kind: 'export_ban' }] });
    const other = h.action('SanctionsImposed', 'RU', 'JP', '2022-03-03', { measures: [{ kind: 'export_ban' }] });
    h.action('SanctionsLifted', 'JP', 'RU', '2023-01-01', { kinds: ['export_ban'] });
    const later = h.action('SanctionsImposed', 'JP', 'RU', '2023-02-01', { measures: [{ kind: 'export_ban' }] });
    const { packages: s, lifted } = stateAt(h.events, at('2023-03-01')).sanctions;
    expect(s[a]).toMatchObject({ status: 'active', measures: [{ kind: 'asset_freeze' }] });
    expect(s[b]).toBeUndefined();
    expect(lifted).toEqual([expect.objectContaining({ id: b, status: 'lifted', liftedAt: '2023-01-01' })]);
    expect(s[other].status).toBe('active');
    expect(s[later].status).toBe('active');
  });

  it('a lift that precedes its package in valid time lifts nothing', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'US', 'IR', '2020-01-01', { measures: [{ kind: 'financial' }] });
    h.action('SanctionsLifted', 'US', 'IR', '2019-01-01', { sanctionsId: pkg });
    expect(stateAt(h.events, at('2021-01-01')).sanctions.packages[pkg].status).toBe('active');
  });

  it('a suspension with no earlier opening still creates its entry; talks and cooperation are one entry per track', () => {
    const h = history();
    h.action('TalksSuspended', 'RU', 'JP', '2022-03-21', { track: 'peace-treaty' });
    h.action('CooperationSuspended', 'RU', 'JP', '2022-03-21', { framework: 'bsec' });
    h.action('CooperationResumed', 'JP', 'RU', '2022-04-01', { framework: 'bsec' });
    const s = viewState(stateAt(h.events, at('2022-05-01')));
    expect(s.talks).toEqual([expect.objectContaining({ track: 'peace-treaty', status: 'suspended', by: 'RU' })]);
    expect(s.cooperation).toEqual([expect.objectContaining({ framework: 'bsec', status: 'active', by: 'JP' })]);
  });

  it('visa regimes are kept per regime and grantor; ambassadors per sending and receiving party', () => {
    const h = history();
    h.action('VisaRegimeGranted', 'RU', 'JP', '1999-01-01', { regime: 'simple-travel' });
    h.action('VisaRegimeGranted', 'JP', 'RU', '2000-01-01', { regime: 'simple-travel' });
    h.action('VisaRegimeRevoked', 'RU', 'JP', '2022-03-21', { regime: 'simple-travel' });
    h.action('AmbassadorRecalled', 'SA', 'CA', '2018-08-05');
    h.action('AmbassadorRecalled', 'CA', 'SA', '2018-08-06');
    h.action('AmbassadorReturned', 'SA', 'CA', '2023-05-24');
    const s = stateAt(h.events, at('2023-06-01'));
    expect(s.visaRegimes['simple-travel|RU'].status).toBe('revoked');
    expect(s.visaRegimes['simple-travel|JP']).toMatchObject({ status: 'in-force', beneficiary: 'RU' });
    expect(s.ambassadors['SA>CA']).toMatchObject({ of: 'SA', in: 'CA', status: 'present' });
    expect(s.ambassadors['CA>SA'].status).toBe('recalled');
  });

  it('incidents are counted per type and leave no standing state; relations change status', () => {
    const h = history();
    h.action('DiplomatsExpelled', 'GB', 'RU', '2018-03-14', { count: 23 });
    h.action('DiplomatsExpelled', 'RU', 'GB', '2018-03-17', { count: 23 });
    h.action('ProtestLodged', 'JP', 'RU', '2018-03-18');
    h.action('DiplomaticRelationsDowngraded', 'GB', 'RU', '2018-03-19');
    const s = stateAt(h.events, at('2018-04-01'));
    expect(s.incidents).toEqual({ DiplomatsExpelled: 2, ProtestLodged: 1 });
    expect(s.diplomaticRelations.status).toBe('downgraded');
    expect(s.index.score).toBe(-5 - 5 - 2 - 4);
  });

  it('relations say who set them last and to which level; they read unrecorded until an action sets them', () => {
    const h = history();
    expect(stateAt(h.events, at('2021-01-01')).diplomaticRelations).toEqual({
      status: 'unrecorded',
      level: null,
      by: null,
      since: null,
      eventId: null,
    });
    const established = h.action('DiplomaticRelationsEstablished', 'CN', 'LT', '1991-09-14');
    const downgrade = h.action('DiplomaticRelationsDowngraded', 'CN', 'LT', '2021-11-21', {
      level: 'charge-d-affaires',
    });
    expect(stateAt(h.events, at('2000-01-01')).diplomaticRelations).toEqual({
      status: 'normal',
      level: null,
      by: 'CN',
      since: '1991-09-14',
      eventId: established,
    });
    const s = stateAt(h.events, at('2021-12-31'));
    expect(s.diplomaticRelations).toEqual({
      status: 'downgraded',
      level: 'charge-d-affaires',
      by: 'CN',
      since: '2021-11-21',
      eventId: downgrade,
    });
    h.action('DiplomaticRelationsDowngraded', 'LT', 'CN', '2022-01-10');
    expect(stateAt(h.events, at('2022-02-01')).diplomaticRelations).toMatchObject({ level: null, by: 'LT' });
  });

  it("an expulsion is of the target's ambassador in the actor: that entry reads expelled", () => {
    const h = history();
    h.action('AmbassadorRecalled', 'SA', 'CA', '2018-08-05');
    const expelled = h.action('AmbassadorExpelled', 'SA', 'CA', '2018-08-05');
    const s = stateAt(h.events, at('2018-08-06'));
    expect(s.ambassadors['SA>CA'].status).toBe('recalled');
    expect(s.ambassadors['CA>SA']).toEqual({
      of: 'CA',
      in: 'SA',
      status: 'expelled',
      since: '2018-08-05',
      eventId: expelled,
    });
    h.action('AmbassadorReturned', 'CA', 'SA', '2023-05-24');
    expect(stateAt(h.events, at('2023-06-01')).ambassadors['CA>SA'].status).toBe('present');
  });

  it("missions are the actor's own in the target, one per kind and city, open or closed", () => {
    const h = history();
    const opened = h.action('MissionOpened', 'TW', 'LT', '2021-11-18', {
      mission: 'representative-office',
      city: 'Vilnius',
    });
    h.action('MissionOpened', 'LT', 'TW', '2022-11-07', { mission: 'representative-office', city: 'Taipei' });
    h.action('MissionOpened', 'US', 'RU', '1972-01-01', { mission: 'consulate', city: 'Saint Petersburg' });
    h.action('MissionClosed', 'US', 'RU', '2018-03-31', { mission: 'consulate', city: 'Saint Petersburg' });
    h.action('MissionClosed', 'US', 'RU', '2018-03-31', { mission: 'embassy' });
    const view = viewState(stateAt(h.events, at('2023-01-01')));
    expect(view.missions).toEqual(
      expect.arrayContaining([
        {
          of: 'TW',
          in: 'LT',
          mission: 'representative-office',
          city: 'Vilnius',
          status: 'open',
          since: '2021-11-18',
          eventId: opened,
        },
        expect.objectContaining({ of: 'LT', in: 'TW', city: 'Taipei', status: 'open' }),
        expect.objectContaining({ of: 'US', in: 'RU', mission: 'consulate', status: 'closed', since: '2018-03-31' }),
        expect.not.objectContaining({ city: expect.anything() }),
      ]),
    );
    expect(view.missions).toHaveLength(4);
    expect(view.missions.find((m) => m.mission === 'embassy')).not.toHaveProperty('city');
  });

  it('an action known to the month or the year folds at its start; its qualifiers leave the state alone', () => {
    const h = history();
    const block = h.action('SanctionsImposed', 'CN', 'LT', '2021-12', { measures: [{ kind: 'import_ban' }] });
    h.action('TalksOpened', 'CN', 'LT', '2021', { track: 'trade' });
    expect(stateAt(h.events, at('2020-12-31')).eventCount).toBe(0);
    expect(stateAt(h.events, at('2021-01-01')).talks.trade.since).toBe('2021');
    expect(stateAt(h.events, at('2021-11-30')).sanctions.packages[block]).toBeUndefined();
    expect(stateAt(h.events, at('2021-12-01')).sanctions.packages[block]).toMatchObject({ since: '2021-12' });
  });

  it('a fold works on its own copy: the state it starts from is left as it was', () => {
    const h = history();
    const pkg = h.action('SanctionsImposed', 'EU', 'RU', '2014-03-17', { measures: [{ kind: 'travel_ban' }] });
    h.action('TalksOpened', 'EU', 'RU', '2014-04-01', { track: 'minsk' });
    h.action('SanctionsImposed', 'EU', 'RU', '2014-05-01', {
      measures: [{ kind: 'export_ban' }, { kind: 'financial' }],
    });
    h.action('SanctionsLifted', 'EU', 'RU', '2015-01-01', { sanctionsId: pkg });
    h.action('SanctionsLifted', 'EU', 'RU', '2015-02-01', { kinds: ['export_ban'] });
    h.action('TalksTerminated', 'RU', 'EU', '2015-03-01', { track: 'minsk' });
    const [first, second, ...rest] = effectiveActions(knowledgeAt(h.events));
    const start = foldActions([first, second], initialState());
    const copy = structuredClone(start);
    const end = foldActions(rest, start);
    expect(start).toEqual(copy);
    expect(end.sanctions.lifted.map((p) => p.id)).toEqual([pkg]);
    expect(Object.values(end.sanctions.packages)[0].measures).toEqual([
      { id: 'm2', kind: 'financial', status: 'active', since: '2014-05-01' },
    ]);
    expect(end.talks.minsk.status).toBe('terminated');
  });

  describe('every type of the catalogue', () => {
    const deepFreeze = <T>(x: T): T => {
      if (x && typeof x === 'object' && !Object.isFrozen(x)) {
        Object.freeze(x);
        Object.values(x).forEach(deepFreeze);
      }
      return x;
    };
    const h = history();
    const pkg = h.action('SanctionsImposed', 'JP', 'RU', '2020-01-01', {
      measures: ['export_ban', 'asset_freeze', 'travel_ban', 'financial'].map((kind) => ({
        kind,
        entities: [{ name: 'VTB Bank' }],
      })),
    });
    // Suspended, so that a reinstatement changes it too.
    const suspended = h.action('SanctionsSuspended', 'JP', 'RU', '2020-06-01', { sanctionsId: pkg });
    const ids = ACTION_TYPES.map((type, i) =>
      h.action(type, 'JP', 'RU', '2021-01-01', DETAILS[type]({ rnd: seeded(i), packages: [pkg] })),
    );
    const known = knowledgeAt(h.events);
    const start: RelationState = deepFreeze(foldActions([known.get(pkg)!, known.get(suspended)!], initialState()));

    it.each(ACTION_TYPES.map((type, i) => [type, ids[i]]))(
      '%s folds onto a deep-frozen state without changing it, and shows in the diff',
      (_type, id) => {
        const after = evolve(start, known.get(id)!);
        expect(diffStates(start, after)).not.toEqual([]);
      },
    );

    it('all folded in turn onto a deep-frozen state leave it as it was', () => {
      const copy = structuredClone(start);
      foldActions(
        ids.map((id) => known.get(id)!),
        start,
      );
      expect(start).toEqual(copy);
    });
  });
});
