import { action, expectStatus, record, useApp } from './support/ledger';

// Representation as it really is: relations with their level and who set them (unrecorded until then), envoys
// recalled or expelled, missions opened and closed. On both stores.
describe('representation: relations, ambassadors and missions', () => {
  const app = useApp();
  const get = async (path: string) => expectStatus(await app.h.call('GET', path), 200).body;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const post = async (name: string, body: Parameters<typeof action>[0]) =>
      (ids[name] = (await record(app.h, action({ details: undefined, ...body }))).eventId);
    await post('established', {
      type: 'DiplomaticRelationsEstablished',
      actor: 'CN',
      target: 'LT',
      occurredAt: '1991-09-14',
    });
    await post('office', {
      type: 'MissionOpened',
      actor: 'TW',
      target: 'LT',
      occurredAt: '2021-11-18',
      details: { mission: 'representative-office', city: 'Vilnius' },
    });
    await post('downgrade', {
      type: 'DiplomaticRelationsDowngraded',
      actor: 'CN',
      target: 'LT',
      occurredAt: '2021-11-21',
      details: { level: 'charge-d-affaires' },
    });
    await post('recall', { type: 'AmbassadorRecalled', actor: 'LT', target: 'CN', occurredAt: '2021-12-15' });
    await post('expelled', { type: 'AmbassadorExpelled', actor: 'SA', target: 'CA', occurredAt: '2018-08-05' });
    await post('closed', {
      type: 'MissionClosed',
      actor: 'US',
      target: 'RU',
      occurredAt: '2018-03-31',
      details: { mission: 'consulate', city: 'Saint Petersburg' },
    });
  });

  it('a pair with nothing recorded of its relations reads unrecorded, not normal', async () => {
    const s = await get('/v1/relations/LT/TW');
    expect(s.diplomaticRelations).toEqual({ status: 'unrecorded', level: null, by: null, since: null, eventId: null });
    expect((await get('/v1/countries/TW/relations')).counterparts).toEqual([
      expect.objectContaining({ counterpart: 'LT', diplomaticRelations: 'unrecorded' }),
    ]);
  });

  it('a downgrade says its level and its author; the relations established before it read normal', async () => {
    expect((await get('/v1/relations/LT/CN?asOf=2021-01-01')).diplomaticRelations).toEqual({
      status: 'normal',
      level: null,
      by: 'CN',
      since: '1991-09-14',
      eventId: ids.established,
    });
    expect((await get('/v1/relations/LT/CN?asOf=2022-01-01')).diplomaticRelations).toEqual({
      status: 'downgraded',
      level: 'charge-d-affaires',
      by: 'CN',
      since: '2021-11-21',
      eventId: ids.downgrade,
    });
  });

  it("/changes over November–December 2021 shows China's downgrade and Lithuania's later recall, each with its author", async () => {
    const { changes } = await get('/v1/relations/CN/LT/changes?from=2021-11-01&to=2021-12-31');
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          area: 'diplomaticRelations',
          to: expect.objectContaining({ status: 'downgraded', level: 'charge-d-affaires', by: 'CN' }),
        }),
        expect.objectContaining({ area: 'ambassadors', to: expect.objectContaining({ of: 'LT', status: 'recalled' }) }),
      ]),
    );
  });

  it("an expelled ambassador is the target's envoy in the actor", async () => {
    expect((await get('/v1/relations/SA/CA?asOf=2018-08-06')).ambassadors).toEqual([
      { of: 'CA', in: 'SA', status: 'expelled', since: '2018-08-05', eventId: ids.expelled },
    ]);
  });

  it("missions are listed with their kind, city and status, the office in the timeline's effect", async () => {
    expect((await get('/v1/relations/LT/TW')).missions).toEqual([
      {
        of: 'TW',
        in: 'LT',
        mission: 'representative-office',
        city: 'Vilnius',
        status: 'open',
        since: '2021-11-18',
        eventId: ids.office,
      },
    ]);
    expect((await get('/v1/relations/RU/US')).missions).toEqual([
      expect.objectContaining({ of: 'US', in: 'RU', mission: 'consulate', status: 'closed' }),
    ]);
    const [item] = (await get('/v1/relations/TW/LT/timeline')).actions;
    expect(item.effect).toEqual([
      expect.objectContaining({ area: 'missions', from: null, to: expect.objectContaining({ status: 'open' }) }),
    ]);
  });

  it('the standing weighs what is in force: the downgrade to a named level, the expelled envoy, the office open', async () => {
    const { index } = await get('/v1/event-types');
    const w = index.standing.weights;
    expect((await get('/v1/relations/CN/LT?asOf=2022-01-01')).index.standing).toBe(
      w.diplomaticRelations['charge-d-affaires'] + w.ambassadors.recalled,
    );
    expect((await get('/v1/relations/SA/CA?asOf=2018-08-06')).index.standing).toBe(w.ambassadors.expelled);
    expect((await get('/v1/relations/LT/TW')).index.standing).toBe(w.missions.open);
  });
});
