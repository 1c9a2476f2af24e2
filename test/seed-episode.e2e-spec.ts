import { action, at, expectStatus, inForce, readLog, record, useApp } from './support/ledger';
import { JAPAN_MEASURES, RUSSIAN_MEASURES, SEED_EPISODE, SEED_IDS } from './support/seed-episode';

/** Sorts a list of state entries by a key, so the test does not depend on the app's listing order. */
const sorted = <T extends Record<string, unknown>>(list: T[], key: keyof T) =>
  [...list].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

const noIncidents = (incidents: Record<string, number>) => Object.values(incidents).every((n) => n === 0);

const japanPackage = expect.objectContaining({
  id: SEED_IDS.japanSanctions,
  imposedBy: 'JP',
  target: 'RU',
  since: at('2022-03-08'),
  measures: inForce(JAPAN_MEASURES, '2022-03-08'),
  status: 'active',
});

const russianPackage = expect.objectContaining({
  id: SEED_IDS.russianEntryBan,
  imposedBy: 'RU',
  target: 'JP',
  since: at('2022-05-04'),
  measures: inForce(RUSSIAN_MEASURES, '2022-05-04'),
  status: 'active',
});

describe('the seed episode: Russia and Japan, 2022-03-21', () => {
  const app = useApp();
  let headRecordedAt: string;

  beforeAll(async () => {
    for (const body of SEED_EPISODE) await record(app.h, body);
    const log = await readLog(app.h);
    headRecordedAt = log[log.length - 1].recordedAt;
  });

  it('records every action of the episode in the JP-RU stream, revisions 0..8', async () => {
    const log = await readLog(app.h);
    expect(log.map((e) => e.eventId)).toEqual(SEED_EPISODE.map((e) => e.eventId));
    expect(log.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(log.every((e) => e.pair[0] === 'JP' && e.pair[1] === 'RU')).toBe(true);
    expect(log.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  describe.each([
    ['JP', 'RU'],
    ['RU', 'JP'],
  ])('GET /v1/relations/%s/%s', (a, b) => {
    it('on 2022-03-20: talks active, the visa-free regime in force, joint activities active, Japan sanctioning', async () => {
      const res = expectStatus(await app.h.call('GET', `/v1/relations/${a}/${b}?asOf=2022-03-20`), 200);
      const s = res.body;
      expect(s).toEqual(
        expect.objectContaining({
          pair: ['JP', 'RU'],
          asOf: '2022-03-20T23:59:59.999Z',
          knownAt: headRecordedAt,
          revision: 8,
          diplomaticRelations: expect.objectContaining({ status: 'unrecorded' }),
          ambassadors: [],
          sanctions: [japanPackage],
          talks: [
            expect.objectContaining({
              track: 'peace-treaty',
              status: 'active',
              since: at('2018-11-14'),
              by: 'JP',
              eventId: SEED_IDS.talksOpened,
            }),
          ],
          visaRegimes: [
            expect.objectContaining({
              regime: 'visa-free-south-kurils',
              grantedBy: 'RU',
              beneficiary: 'JP',
              status: 'in-force',
              since: at('1999-09-02'),
              eventId: SEED_IDS.visaGranted,
            }),
          ],
          cooperation: [
            expect.objectContaining({
              framework: 'joint-economic-activities-south-kurils',
              status: 'active',
              since: at('2016-12-16'),
              by: 'RU',
              eventId: SEED_IDS.jointEconomic,
            }),
          ],
          index: expect.any(Object),
          eventCount: 4,
          lastEventAt: at('2022-03-08'),
        }),
      );
      expect(noIncidents(s.incidents)).toBe(true);
    });

    it('on 2022-03-22: talks terminated, the regime revoked, both frameworks terminated, by Russia', async () => {
      const res = expectStatus(await app.h.call('GET', `/v1/relations/${a}/${b}?asOf=2022-03-22`), 200);
      const s = res.body;
      expect(s).toEqual(
        expect.objectContaining({
          pair: ['JP', 'RU'],
          asOf: '2022-03-22T23:59:59.999Z',
          knownAt: headRecordedAt,
          revision: 8,
          diplomaticRelations: expect.objectContaining({ status: 'unrecorded' }),
          ambassadors: [],
          // Russia's entry ban of 2022-05-04 is known, but not yet in force on 2022-03-22.
          sanctions: [japanPackage],
          talks: [
            expect.objectContaining({
              track: 'peace-treaty',
              status: 'terminated',
              since: at('2022-03-21'),
              by: 'RU',
              eventId: SEED_IDS.talksTerminated,
            }),
          ],
          visaRegimes: [
            expect.objectContaining({
              regime: 'visa-free-south-kurils',
              grantedBy: 'RU',
              beneficiary: 'JP',
              status: 'revoked',
              since: at('2022-03-21'),
              eventId: SEED_IDS.visaRevoked,
            }),
          ],
          eventCount: 8,
          lastEventAt: at('2022-03-21'),
        }),
      );
      // A termination with no earlier launch still creates its entry (the BSEC partnership).
      expect(sorted(s.cooperation, 'framework')).toEqual([
        expect.objectContaining({
          framework: 'bsec-sectoral-dialogue-partnership',
          status: 'terminated',
          since: at('2022-03-21'),
          by: 'RU',
          eventId: SEED_IDS.bsecTerminated,
        }),
        expect.objectContaining({
          framework: 'joint-economic-activities-south-kurils',
          status: 'terminated',
          since: at('2022-03-21'),
          by: 'RU',
          eventId: SEED_IDS.jointEconomicTerminated,
        }),
      ]);
      expect(noIncidents(s.incidents)).toBe(true);
    });
  });

  it('answers the same state whichever way round the pair is asked', async () => {
    for (const asOf of ['2022-03-20', '2022-03-22', '2022-05-05']) {
      const jr = await app.h.call('GET', `/v1/relations/JP/RU?asOf=${asOf}`);
      const rj = await app.h.call('GET', `/v1/relations/RU/JP?asOf=${asOf}`);
      expect(rj.status).toBe(200);
      expect(rj.body).toEqual(jr.body);
    }
  });

  it('after 2022-05-04 the sanctions run both ways', async () => {
    const s = (await app.h.call('GET', '/v1/relations/RU/JP?asOf=2022-05-05')).body;
    expect(sorted(s.sanctions, 'imposedBy')).toEqual([japanPackage, russianPackage]);
    expect(s.eventCount).toBe(9);
    expect(s.lastEventAt).toEqual(at('2022-05-04'));
  });

  it('the timeline lists the actions in valid-time order (ties in log order), each with its effect', async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/relations/RU/JP/timeline'), 200);
    expect(res.body.pair).toEqual(['JP', 'RU']);
    const actions: any[] = res.body.actions;
    expect(actions.map((a) => a.eventId)).toEqual([
      SEED_IDS.visaGranted,
      SEED_IDS.jointEconomic,
      SEED_IDS.talksOpened,
      SEED_IDS.japanSanctions,
      SEED_IDS.talksTerminated,
      SEED_IDS.visaRevoked,
      SEED_IDS.jointEconomicTerminated,
      SEED_IDS.bsecTerminated,
      SEED_IDS.russianEntryBan,
    ]);
    for (const a of actions) {
      expect(a).toEqual(expect.objectContaining({ type: expect.any(String), actor: expect.any(String) }));
      expect(a.retracted).toBe(false);
      expect(a.effect).toBeTruthy();
      expect(JSON.stringify(a.effect)).not.toMatch(/^(\[\]|\{\}|null)$/);
    }
    const effectOf = (id: string) => JSON.stringify(actions.find((a) => a.eventId === id).effect);
    expect(effectOf(SEED_IDS.talksTerminated)).toMatch(/peace-treaty/);
    expect(effectOf(SEED_IDS.talksTerminated)).toMatch(/terminated/);
    expect(effectOf(SEED_IDS.visaRevoked)).toMatch(/revoked/);
    expect(effectOf(SEED_IDS.bsecTerminated)).toMatch(/bsec-sectoral-dialogue-partnership/);
    expect(effectOf(SEED_IDS.japanSanctions)).toMatch(/Rossiya Bank/);
  });

  it('the timeline between two dates lists only the actions of those days', async () => {
    const res = expectStatus(
      await app.h.call('GET', '/v1/relations/JP/RU/timeline?from=2022-03-20&to=2022-03-22'),
      200,
    );
    expect(res.body.actions.map((a: any) => a.eventId)).toEqual([
      SEED_IDS.talksTerminated,
      SEED_IDS.visaRevoked,
      SEED_IDS.jointEconomicTerminated,
      SEED_IDS.bsecTerminated,
    ]);
  });

  it('changes from 2022-03-20 to 2022-03-22 list the talks, visa and cooperation changes, and no sanctions change', async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/relations/JP/RU/changes?from=2022-03-20&to=2022-03-22'), 200);
    const changes: any[] = res.body.changes;
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          area: 'talks',
          from: expect.objectContaining({ track: 'peace-treaty', status: 'active' }),
          to: expect.objectContaining({ track: 'peace-treaty', status: 'terminated' }),
        }),
        expect.objectContaining({
          area: 'visaRegimes',
          from: expect.objectContaining({ regime: 'visa-free-south-kurils', status: 'in-force' }),
          to: expect.objectContaining({ regime: 'visa-free-south-kurils', status: 'revoked' }),
        }),
        expect.objectContaining({
          area: 'cooperation',
          from: expect.objectContaining({ framework: 'joint-economic-activities-south-kurils', status: 'active' }),
          to: expect.objectContaining({ framework: 'joint-economic-activities-south-kurils', status: 'terminated' }),
        }),
        expect.objectContaining({
          area: 'cooperation',
          to: expect.objectContaining({ framework: 'bsec-sectoral-dialogue-partnership', status: 'terminated' }),
        }),
      ]),
    );
    expect(changes).toHaveLength(4);
    expect(changes.some((c) => c.area === 'sanctions')).toBe(false);
  });

  it('changes between two dates with nothing in between is empty', async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/relations/RU/JP/changes?from=2022-03-10&to=2022-03-20'), 200);
    expect(res.body.changes).toEqual([]);
  });

  it("Russia's country view: one row for Japan, sanctions each way", async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/countries/RU/relations?asOf=2022-05-05'), 200);
    expect(res.body.asOf).toBe('2022-05-05T23:59:59.999Z');
    const rows: any[] = res.body.counterparts;
    expect(rows.map((r) => r.counterpart)).toEqual(['JP']);
    expect(rows[0]).toEqual(
      expect.objectContaining({
        counterpart: 'JP',
        diplomaticRelations: 'unrecorded',
        sanctionsImposed: [russianPackage],
        sanctionsReceived: [japanPackage],
        talks: [expect.objectContaining({ track: 'peace-treaty', status: 'terminated' })],
        visaRegimes: [expect.objectContaining({ regime: 'visa-free-south-kurils', status: 'revoked' })],
      }),
    );
  });

  it("Japan's country view: one row for Russia, sanctions each way", async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/countries/JP/relations?asOf=2022-05-05'), 200);
    const rows: any[] = res.body.counterparts;
    expect(rows.map((r) => r.counterpart)).toEqual(['RU']);
    expect(rows[0]).toEqual(
      expect.objectContaining({ sanctionsImposed: [japanPackage], sanctionsReceived: [russianPackage] }),
    );
  });

  it('on 2022-03-22 only Japan sanctions Russia', async () => {
    const ru = (await app.h.call('GET', '/v1/countries/RU/relations?asOf=2022-03-22')).body.counterparts[0];
    expect(ru).toEqual(
      expect.objectContaining({ counterpart: 'JP', sanctionsImposed: [], sanctionsReceived: [japanPackage] }),
    );
    const jp = (await app.h.call('GET', '/v1/countries/JP/relations?asOf=2022-03-22')).body.counterparts[0];
    expect(jp).toEqual(
      expect.objectContaining({ counterpart: 'RU', sanctionsImposed: [japanPackage], sanctionsReceived: [] }),
    );
  });

  it('a country with no actions has no rows', async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/countries/FR/relations'), 200);
    expect(res.body.counterparts).toEqual([]);
  });

  describe('lifting sanctions (GB and BY)', () => {
    const P1 = 'a5a1e0c2-1111-4a4a-8a8a-000000000001';
    const P2 = 'a5a1e0c2-1111-4a4a-8a8a-000000000002';
    const P3 = 'a5a1e0c2-1111-4a4a-8a8a-000000000003';
    const P4 = 'a5a1e0c2-1111-4a4a-8a8a-000000000004';
    const LIFT_P3 = 'a5a1e0c2-1111-4a4a-8a8a-000000000005';
    const LIFT_FREEZES = 'a5a1e0c2-1111-4a4a-8a8a-000000000006';
    const gb = { actor: 'GB', target: 'BY' };
    const p1Measures = [
      { kind: 'export_ban', items: 12 },
      { kind: 'asset_freeze', entities: ['Belaruskali'] },
    ];

    beforeAll(async () => {
      const imposed = (eventId: string, occurredAt: string, measures: unknown[], who = gb) =>
        record(app.h, action({ ...who, type: 'SanctionsImposed', eventId, occurredAt, details: { measures } }));
      await imposed(P1, '2022-03-01', p1Measures);
      await imposed(P2, '2022-03-02', [{ kind: 'asset_freeze', entities: ['Belavia'] }]);
      await imposed(P3, '2022-03-04', [{ kind: 'travel_ban', entities: ['Alexander Lukashenko'] }]);
      // The other way round: GB's lifts must not touch it.
      await imposed(P4, '2022-03-03', [{ kind: 'asset_freeze', entities: ['HSBC Minsk'] }], {
        actor: 'BY',
        target: 'GB',
      });
      await record(
        app.h,
        action({
          ...gb,
          type: 'SanctionsLifted',
          eventId: LIFT_P3,
          occurredAt: '2022-04-01',
          details: { sanctionsId: P3 },
        }),
      );
      await record(
        app.h,
        action({
          ...gb,
          type: 'SanctionsLifted',
          eventId: LIFT_FREEZES,
          occurredAt: '2022-04-02',
          details: { kinds: ['asset_freeze'] },
        }),
      );
    });

    const ids = (list: any[]) => list.map((p) => p.id).sort();

    it('before the lifts every package is active', async () => {
      const s = (await app.h.call('GET', '/v1/relations/GB/BY?asOf=2022-03-31')).body;
      expect(ids(s.sanctions)).toEqual([P1, P2, P3, P4]);
      expect(s.sanctions.every((p: any) => p.status === 'active')).toBe(true);
    });

    it('a lift by sanctionsId lifts that package from its date', async () => {
      const s = (await app.h.call('GET', '/v1/relations/GB/BY?asOf=2022-04-01T12:00:00Z')).body;
      expect(ids(s.sanctions)).toEqual([P1, P2, P4]);
    });

    it('a lift by kinds removes those measures; a package with none left is lifted', async () => {
      const s = (await app.h.call('GET', '/v1/relations/BY/GB?asOf=2022-04-05')).body;
      expect(ids(s.sanctions)).toEqual([P1, P4]);
      const p1 = s.sanctions.find((p: any) => p.id === P1);
      expect(p1).toEqual(
        expect.objectContaining({ status: 'active', measures: inForce([p1Measures[0]], '2022-03-01') }),
      );
      const p4 = s.sanctions.find((p: any) => p.id === P4);
      expect(p4).toEqual(
        expect.objectContaining({
          status: 'active',
          imposedBy: 'BY',
          measures: inForce([{ kind: 'asset_freeze', entities: ['HSBC Minsk'] }], '2022-03-03'),
        }),
      );
    });

    it('include=lifted adds the lifted packages with status lifted and liftedAt', async () => {
      const res = expectStatus(await app.h.call('GET', '/v1/relations/GB/BY?asOf=2022-04-05&include=lifted'), 200);
      const s = res.body;
      expect(ids(s.sanctions)).toEqual([P1, P2, P3, P4]);
      const byId = (id: string) => s.sanctions.find((p: any) => p.id === id);
      expect(byId(P3)).toEqual(
        expect.objectContaining({ status: 'lifted', liftedAt: at('2022-04-01'), imposedBy: 'GB' }),
      );
      expect(byId(P2)).toEqual(
        expect.objectContaining({ status: 'lifted', liftedAt: at('2022-04-02'), imposedBy: 'GB' }),
      );
      expect(byId(P1)).toEqual(expect.objectContaining({ status: 'active' }));
      expect(byId(P1).liftedAt).toBeUndefined();
      expect(byId(P4)).toEqual(expect.objectContaining({ status: 'active' }));
    });

    it('the country view lists only the packages in force', async () => {
      const rows = (await app.h.call('GET', '/v1/countries/GB/relations?asOf=2022-04-05')).body.counterparts;
      expect(rows).toHaveLength(1);
      expect(ids(rows[0].sanctionsImposed)).toEqual([P1]);
      expect(ids(rows[0].sanctionsReceived)).toEqual([P4]);
    });
  });
});
