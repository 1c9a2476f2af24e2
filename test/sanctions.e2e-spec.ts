import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { action, expectError, expectStatus, readLog, record, sleep, useApp, uuid } from './support/ledger';

const EXAMPLE = join(__dirname, '..', 'examples', 'eu-russia-sectoral-sanctions-2014-2026.json');
/** The package's own story: the example also holds Russia's food ban in answer to it, a package on the EU. */
const episode = () => {
  const { events } = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { events: any[] };
  return { events: events.filter((e) => e.actor === 'EU') };
};

const get = async (app: { h: any }, path: string) => expectStatus(await app.h.call('GET', path), 200).body;

describe('sanctions as they live: the EU’s sectoral sanctions on Russia, 2014–2026', () => {
  const app = useApp();
  const { events } = episode();
  const pkg = events[0].eventId;
  const renewalOf2017 = events.find((e) => e.type === 'SanctionsRenewed' && e.occurredAt === '2017-06-28');
  let beforeLateRenewal: string;

  beforeAll(async () => {
    // Recorded without the renewal of June 2017, which comes in late.
    const first = events.filter((e) => e.eventId !== renewalOf2017.eventId);
    expectStatus(await app.h.call('POST', '/v1/events/batch', { events: first }), 201);
    beforeLateRenewal = (await readLog(app.h)).at(-1).recordedAt;
    await sleep(5);
    await record(app.h, renewalOf2017);
  });

  const state = (q: string) => get(app, `/v1/relations/EU/RU?${q}`);

  it('extends the one package with each renewal, and lists them', async () => {
    const s = await state('asOf=2016-03-01');
    expect(s.sanctions).toHaveLength(1);
    expect(s.sanctions[0]).toMatchObject({
      id: pkg,
      status: 'active',
      expiresAt: '2016-07-31',
      program: 'eu-russia-sectoral',
      legalBasis: [expect.objectContaining({ authority: 'Council of the European Union' })],
    });
    expect(s.sanctions[0].renewals.map((r: any) => r.expiresAt)).toEqual(['2016-01-31', '2016-07-31']);
    const later = await state('asOf=2025-07-01');
    expect(later.sanctions).toHaveLength(1);
    expect(later.sanctions[0].renewals).toHaveLength(21);
  });

  it('does not move the index on renewals', async () => {
    const before = (await state('asOf=2015-06-21')).index;
    const after = (await state('asOf=2021-12-31')).index;
    expect(after).toEqual(before);
    const chart = await get(app, '/v1/relations/EU/RU/index');
    expect(chart.actions.map((a: any) => a.type)).not.toContain('SanctionsRenewed');
  });

  it('shows no 2022 measure in 2015; from 2022 the amendments add them on their dates', async () => {
    const ids = async (asOf: string) => (await state(`asOf=${asOf}`)).sanctions[0].measures.map((m: any) => m.id);
    expect(await ids('2015-01-01')).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(await ids('2022-02-24')).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(await ids('2022-02-28')).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8']);
    const swift = (await state('asOf=2022-03-12')).sanctions[0].measures.find((m: any) => m.id === 'm11');
    expect(swift).toMatchObject({ kind: 'financial', since: '2022-03-12', status: 'active' });
    expect(swift.entities).toContain('VTB Bank');
  });

  it('lapses after the expiry no renewal extends, and is listed only when asked', async () => {
    expect((await state('asOf=2026-07-31')).sanctions).toHaveLength(1);
    const after = await state('asOf=2026-08-01');
    expect(after.sanctions).toEqual([]);
    const lapsed = (await state('asOf=2026-08-01&include=lapsed')).sanctions;
    expect(lapsed).toEqual([expect.objectContaining({ id: pkg, status: 'lapsed', expiresAt: '2026-07-31' })]);
    const changes = await get(app, '/v1/relations/EU/RU/changes?from=2026-07-31&to=2026-08-01');
    expect(changes.changes).toEqual([
      expect.objectContaining({ area: 'sanctions', key: pkg, to: expect.objectContaining({ status: 'lapsed' }) }),
    ]);
  });

  it('answers "lapsed" as known before a late renewal was recorded, and in force as known after', async () => {
    const then = await state(`asOf=2017-09-01&knownAt=${beforeLateRenewal}&include=lapsed`);
    expect(then.sanctions).toEqual([expect.objectContaining({ status: 'lapsed', expiresAt: '2017-07-31' })]);
    const now = await state('asOf=2017-09-01');
    expect(now.sanctions).toEqual([expect.objectContaining({ status: 'active', expiresAt: '2018-01-31' })]);
    // The search across pairs answers the same.
    const found = (q: string) => get(app, `/v1/sanctions?target=RU&status=active,lapsed&asOf=2017-09-01${q}`);
    expect((await found(`&knownAt=${beforeLateRenewal}`)).packages.map((p: any) => p.status)).toEqual(['lapsed']);
    expect((await found('')).packages.map((p: any) => p.status)).toEqual(['active']);
  });

  it('names every lifecycle action in the timeline, each with its own effect', async () => {
    const timeline = await get(app, '/v1/relations/EU/RU/timeline');
    const types = timeline.actions.map((a: any) => a.type);
    expect(new Set(types)).toEqual(new Set(['SanctionsImposed', 'SanctionsAmended', 'SanctionsRenewed']));
    const renewal = timeline.actions.find((a: any) => a.eventId === renewalOf2017.eventId);
    expect(renewal.effect).toEqual([
      expect.objectContaining({
        from: expect.objectContaining({ expiresAt: '2017-07-31' }),
        to: expect.objectContaining({ expiresAt: '2018-01-31' }),
      }),
    ]);
  });

  it('finds the package across pairs by entity, name or id, whatever the case, and by program and kind', async () => {
    const find = async (q: string) =>
      (await get(app, `/v1/sanctions?asOf=2023-01-01&${q}`)).packages.map((p: any) => p.id);
    expect(await find('entity=gazprombank')).toEqual([pkg]);
    expect(await find('entity=vtb%20bank&imposedBy=EU')).toEqual([pkg]);
    expect(await find('program=EU-RUSSIA-SECTORAL&kind=arms_embargo')).toEqual([pkg]);
    expect(await find('entity=Sberbank%20Europe')).toEqual([]);
    expect(await find('target=JP')).toEqual([]);
    expect(await find('kind=travel_ban')).toEqual([]);
  });

  it('lists entities with the packages that name them', async () => {
    const { entities } = await get(app, '/v1/entities?q=bank&asOf=2023-01-01');
    const central = entities.find((e: any) => e.name === 'Central Bank of the Russian Federation');
    expect(central.packages).toEqual([
      { id: pkg, imposedBy: 'EU', target: 'RU', status: 'active', program: 'eu-russia-sectoral', measureIds: ['m8'] },
    ]);
    const vtb = entities.find((e: any) => e.name === 'VTB Bank');
    expect(vtb.packages[0].measureIds).toEqual(['m1', 'm11']);
    expect(entities.every((e: any) => e.name.toLowerCase().includes('bank'))).toBe(true);
    const in2014 = (await get(app, '/v1/entities?q=bank&asOf=2014-08-01')).entities.map((e: any) => e.name);
    expect(in2014).toContain('VTB Bank');
    expect(in2014).not.toContain('Central Bank of the Russian Federation');
  });
});

describe('GET /v1/sanctions and /v1/entities across pairs', () => {
  const app = useApp();
  const ids: string[] = [];

  beforeAll(async () => {
    // Five packages on IR from three parties, one of them later suspended, one lifted by its only measure.
    for (const [actor, on] of [
      ['US', '2010-01-01'],
      ['EU', '2011-01-01'],
      ['GB', '2012-01-01'],
      ['US', '2013-01-01'],
      ['EU', '2014-01-01'],
    ]) {
      const details = {
        measures: [{ kind: 'financial', entities: [{ name: 'Bank Mellat', ids: { opensanctions: 'NK-mellat' } }] }],
      };
      ids.push(
        (await record(app.h, action({ type: 'SanctionsImposed', actor, target: 'IR', occurredAt: on, details })))
          .eventId,
      );
    }
    await record(
      app.h,
      action({
        type: 'SanctionsSuspended',
        actor: 'EU',
        target: 'IR',
        occurredAt: '2016-01-16',
        details: { sanctionsId: ids[1] },
      }),
    );
    await record(
      app.h,
      action({
        type: 'SanctionsLifted',
        actor: 'US',
        target: 'IR',
        occurredAt: '2016-01-16',
        details: { sanctionsId: ids[3], measureIds: ['m1'] },
      }),
    );
  });

  it('pages through the packages in force in the order they were imposed', async () => {
    const first = await get(app, '/v1/sanctions?target=IR&asOf=2020-01-01&limit=2');
    expect(first.packages.map((p: any) => p.id)).toEqual([ids[0], ids[2]]);
    const second = await get(app, `/v1/sanctions?target=IR&asOf=2020-01-01&limit=2&after=${first.next}`);
    expect(second.packages.map((p: any) => p.id)).toEqual([ids[4]]);
    expect(second.next).toBeNull();
  });

  it('takes status= for the packages not in force', async () => {
    const q = (status: string) => get(app, `/v1/sanctions?target=IR&asOf=2020-01-01&status=${status}`);
    expect((await q('suspended')).packages.map((p: any) => p.id)).toEqual([ids[1]]);
    expect((await q('lifted')).packages.map((p: any) => p.id)).toEqual([ids[3]]);
    expect((await q('active,suspended,lapsed,lifted')).packages).toHaveLength(5);
  });

  it('answers from before a package existed, and as known before it was recorded', async () => {
    expect((await get(app, '/v1/sanctions?target=IR&asOf=2010-06-01')).packages).toHaveLength(1);
    const log = await readLog(app.h);
    const knownAt = log[1].recordedAt;
    expect((await get(app, `/v1/sanctions?target=IR&knownAt=${knownAt}`)).packages).toHaveLength(2);
  });

  it('groups an entity by its id across packages', async () => {
    const { entities, next } = await get(app, '/v1/entities?q=NK-MEL&asOf=2020-01-01');
    expect(next).toBeNull();
    expect(entities).toEqual([
      {
        key: 'opensanctions:NK-mellat',
        name: 'Bank Mellat',
        ids: { opensanctions: 'NK-mellat' },
        packages: [ids[0], ids[2], ids[4]].map((id) =>
          expect.objectContaining({ id, status: 'active', measureIds: ['m1'] }),
        ),
      },
    ]);
  });

  it.each([
    ['/v1/sanctions?status=gone', /status: must be a comma list of active, suspended, lapsed, lifted/],
    ['/v1/sanctions?target=XX', /target/],
    ['/v1/sanctions?kind=embargo', /kind: must be one of/],
    ['/v1/sanctions?limit=0', /limit/],
    ['/v1/sanctions?after=-1', /after/],
    ['/v1/sanctions?asOf=2022-02-30', /asOf/],
    ['/v1/entities?limit=5000', /limit/],
    ['/v1/relations/EU/RU?include=suspended,gone', /include: must be a comma list of lifted, suspended, lapsed/],
  ])('%s is a 400 naming the parameter', async (path, message) => {
    expectError(await app.h.call('GET', path), 400, message);
  });
});

describe('writing sanctions lifecycles: bad input is a clear 4xx and records nothing', () => {
  const app = useApp();
  let pkg: string;
  let other: string;
  let before: number;

  beforeAll(async () => {
    const details = {
      expiresAt: '2023-01-31',
      measures: [
        { kind: 'financial', entities: ['Sberbank'] },
        { id: 'arms', kind: 'arms_embargo' },
      ],
    };
    pkg = (
      await record(
        app.h,
        action({ type: 'SanctionsImposed', actor: 'EU', target: 'RU', occurredAt: '2022-02-25', details }),
      )
    ).eventId;
    other = (
      await record(app.h, action({ type: 'SanctionsImposed', actor: 'US', target: 'RU', occurredAt: '2022-02-24' }))
    ).eventId;
    before = (await readLog(app.h)).length;
  });

  const post = (type: string, details: Record<string, unknown>, over: Record<string, unknown> = {}) =>
    app.h.call(
      'POST',
      '/v1/events',
      action({ type, actor: 'EU', target: 'RU', occurredAt: '2022-06-01', details, ...over }),
    );

  it.each([
    [
      'SanctionsRenewed',
      () => ({ sanctionsId: pkg, expiresAt: '2022-05-31' }),
      400,
      /details\.expiresAt \(2022-05-31\) must not be before occurredAt/,
    ],
    ['SanctionsRenewed', () => ({ sanctionsId: pkg }), 400, /details\.expiresAt/],
    [
      'SanctionsAmended',
      () => ({ sanctionsId: pkg }),
      400,
      /details: an amendment must add measures, remove some, or both/,
    ],
    [
      'SanctionsAmended',
      () => ({ sanctionsId: pkg, remove: ['m9'] }),
      422,
      /details\.remove\[0\] m9 is no measure of package/,
    ],
    [
      'SanctionsAmended',
      () => ({ sanctionsId: pkg, add: [{ id: 'arms', kind: 'other' }] }),
      422,
      /details\.add\[0\]\.id arms is already/,
    ],
    ['SanctionsSuspended', () => ({ sanctionsId: pkg, until: '2021-01-01' }), 400, /details\.until/],
    [
      'SanctionsReinstated',
      () => ({ sanctionsId: other }),
      422,
      /details\.sanctionsId .* is not a SanctionsImposed of EU on RU/,
    ],
    [
      'SanctionsLifted',
      () => ({ sanctionsId: pkg, measureIds: ['m7'] }),
      422,
      /details\.measureIds\[0\] m7 is no measure/,
    ],
    [
      'SanctionsLifted',
      () => ({ sanctionsId: pkg, entities: ['Gazprombank'] }),
      422,
      /details\.entities\[0\] Gazprombank is no entity/,
    ],
    ['SanctionsLifted', () => ({ kinds: ['financial'], entities: ['Sberbank'] }), 400, /^details: give one of/],
    [
      'SanctionsImposed',
      () => ({ measures: [{ kind: 'other', entities: [{ name: 'X', ids: { wikidata: 'x' } }] }] }),
      400,
      /details\.measures\[0\]\.entities\[0\]\.ids\.wikidata/,
    ],
    [
      'SanctionsImposed',
      () => ({
        measures: [{ kind: 'other' }],
        legalBasis: [{ authority: 'Council', instrument: 'D', url: 'not a url' }],
      }),
      400,
      /details\.legalBasis\[0\]\.url/,
    ],
  ])('%s → %i', async (type, details, status, message) => {
    expectError(await post(type, details()), status, message);
    expect(await readLog(app.h)).toHaveLength(before);
  });

  it('names the item of a batch, and records none of it', async () => {
    const res = await app.h.call('POST', '/v1/events/batch', {
      events: [
        action({ type: 'ProtestLodged', actor: 'EU', target: 'RU' }),
        action({
          type: 'SanctionsRenewed',
          actor: 'EU',
          target: 'RU',
          details: { sanctionsId: pkg, expiresAt: '2020-01-01' },
        }),
      ],
    });
    expectError(res, 400, /events\[1\]\.details\.expiresAt/);
    expect(await readLog(app.h)).toHaveLength(before);
  });

  it('records an amendment with the next measure ids, and takes its retry without them as the same request', async () => {
    const body = action({
      type: 'SanctionsAmended',
      actor: 'EU',
      target: 'RU',
      occurredAt: '2022-06-03',
      eventId: uuid(),
      details: { sanctionsId: pkg, add: [{ kind: 'import_ban' }] },
    });
    expectStatus(await app.h.call('POST', '/v1/events', body), 201);
    expect((await get(app, `/v1/events/${body.eventId}`)).details.add).toEqual([{ id: 'm2', kind: 'import_ban' }]);
    expectStatus(await app.h.call('POST', '/v1/events', body), 200);
    const s = await get(app, '/v1/relations/EU/RU?asOf=2022-06-03');
    expect(s.sanctions.find((p: any) => p.id === pkg).measures.map((m: any) => m.id)).toEqual(['m1', 'arms', 'm2']);
  });
});
