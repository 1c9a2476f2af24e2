import { action, expectError, expectStatus, justBefore, logHead, record, useApp } from './support/ledger';
import { undocumented } from './support/openapi';

// Blocs: who was a member of an organisation on a date, as known at a time, and what a member inherits from its
// organisations (inherit=true), marked via. On both stores.
describe('membership and blocs', () => {
  const app = useApp();
  const get = async (path: string) => expectStatus(await app.h.call('GET', path), 200).body;
  const ids: Record<string, string> = {};
  let exitRecordedAt = '';

  beforeAll(async () => {
    const post = async (name: string, body: Parameters<typeof action>[0]) =>
      (ids[name] = (await record(app.h, action({ details: undefined, ...body }))).eventId);
    await post('de', { type: 'MembershipJoined', actor: 'DE', target: 'EU', occurredAt: '1958-01-01' });
    await post('gb', { type: 'MembershipJoined', actor: 'GB', target: 'EU', occurredAt: '1973-01-01' });
    await post('pl', { type: 'MembershipJoined', actor: 'PL', target: 'EU', occurredAt: '2004-05-01' });
    await post('plNato', { type: 'MembershipJoined', actor: 'PL', target: 'NATO', occurredAt: '1999-03-12' });
    await post('ban', {
      type: 'SanctionsImposed',
      actor: 'EU',
      target: 'BY',
      occurredAt: '2000-01-01',
      details: { measures: [{ kind: 'travel_ban' }] },
    });
    await post('sectoral', {
      type: 'SanctionsImposed',
      actor: 'EU',
      target: 'RU',
      occurredAt: '2014-07-31',
      details: { measures: [{ kind: 'financial' }] },
    });
    await post('counter', {
      type: 'SanctionsImposed',
      actor: 'RU',
      target: 'EU',
      occurredAt: '2014-08-07',
      details: { measures: [{ kind: 'import_ban' }] },
    });
    await post('recall', { type: 'AmbassadorRecalled', actor: 'PL', target: 'BY', occurredAt: '2008-04-30' });
    exitRecordedAt = (
      await record(app.h, action({ type: 'MembershipLeft', actor: 'GB', target: 'EU', occurredAt: '2020-01-31' }))
    ).recordedAt;
  });

  it('lists the members of an organisation on a date, each since its accession', async () => {
    expect(await get('/v1/organisations/EU/members?asOf=2000-01-01')).toMatchObject({
      organisation: 'EU',
      asOf: '2000-01-01T23:59:59.999Z',
      members: [
        { code: 'DE', since: '1958-01-01' },
        { code: 'GB', since: '1973-01-01' },
      ],
    });
    expect((await get('/v1/organisations/EU/members?asOf=2019-12-31')).members.map((m: any) => m.code)).toEqual([
      'DE',
      'GB',
      'PL',
    ]);
    expect((await get('/v1/organisations/EU/members?asOf=2021-01-01')).members.map((m: any) => m.code)).toEqual([
      'DE',
      'PL',
    ]);
    expect((await get('/v1/organisations/NATO/members?asOf=2021-01-01')).members).toEqual([
      { code: 'PL', since: '1999-03-12' },
    ]);
  });

  it('answers as known at a time: before the exit was recorded, the UK was still a member in 2021', async () => {
    const then = await get(`/v1/organisations/EU/members?asOf=2021-01-01&knownAt=${justBefore(exitRecordedAt)}`);
    expect(then.members.map((m: any) => m.code)).toEqual(['DE', 'GB', 'PL']);
  });

  it("inherit=true adds the EU's measures to Poland's view after its accession, marked via, and not before", async () => {
    const before = await get('/v1/relations/PL/BY?asOf=2004-04-30&inherit=true');
    expect(before.sanctions).toEqual([]);
    const after = await get('/v1/relations/PL/BY?asOf=2004-05-01&inherit=true');
    expect(after.sanctions).toEqual([expect.objectContaining({ id: ids.ban, imposedBy: 'EU', via: 'EU' })]);
    // Without inherit, the pair's own: nothing of the EU's.
    const own = await get('/v1/relations/PL/BY?asOf=2009-01-01');
    expect(own.sanctions).toEqual([]);
    expect(own.ambassadors).toEqual([expect.objectContaining({ of: 'PL', status: 'recalled' })]);
    expect((await get('/v1/relations/PL/BY?asOf=2009-01-01&inherit=true')).index).toEqual(own.index);
  });

  it("inherits each way: the EU's package on Russia and Russia's on the EU, in Poland's view", async () => {
    const s = await get('/v1/relations/RU/PL?asOf=2015-01-01&inherit=true');
    expect(s.sanctions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ids.sectoral, imposedBy: 'EU', via: 'EU' }),
        expect.objectContaining({ id: ids.counter, imposedBy: 'RU', via: 'EU' }),
      ]),
    );
    expect(s.sanctions).toHaveLength(2);
    expect(s.eventCount).toBe(0);
  });

  it("a party's relations with inherit list its organisations' counterparts, and whose each package is", async () => {
    const plain = await get('/v1/countries/PL/relations?asOf=2015-01-01');
    expect(plain.counterparts.map((r: any) => r.counterpart)).toEqual(['BY', 'EU', 'NATO']);
    const { counterparts } = await get('/v1/countries/PL/relations?asOf=2015-01-01&inherit=true');
    expect(counterparts.map((r: any) => r.counterpart)).toEqual(['BY', 'EU', 'NATO', 'RU']);
    const ru = counterparts.find((r: any) => r.counterpart === 'RU');
    expect(ru.sanctionsImposed).toEqual([expect.objectContaining({ id: ids.sectoral, via: 'EU' })]);
    expect(ru.sanctionsReceived).toEqual([expect.objectContaining({ id: ids.counter, via: 'EU' })]);
    // The UK, gone from the EU by 2021, inherits nothing of it then.
    const gb = await get('/v1/countries/GB/relations?asOf=2021-06-01&inherit=true');
    expect(gb.counterparts.map((r: any) => r.counterpart)).toEqual(['EU']);
  });

  it('answers only fields the OpenAPI document names, via on every list a party inherits among them', async () => {
    const { paths } = await get('/docs-json');
    const documented = (path: string) => paths[path].get.responses['200'].content['application/json'].schema;
    const answers = [
      ['/v1/relations/{a}/{b}', '/v1/relations/RU/PL?asOf=2015-01-01&inherit=true&include=lifted'],
      ['/v1/countries/{c}/relations', '/v1/countries/PL/relations?asOf=2015-01-01&inherit=true'],
      ['/v1/organisations/{org}/members', '/v1/organisations/EU/members?asOf=2015-01-01'],
    ];
    for (const [route, path] of answers) {
      const answer = await get(path);
      expect(undocumented(documented(route), answer)).toEqual([]);
      expect(JSON.stringify(answer)).toMatch(route.includes('members') ? /"code":"PL"/ : /"via":"EU"/);
    }
    const state = documented('/v1/relations/{a}/{b}').properties;
    expect(state.membership.items.properties.via).toBeUndefined();
  });

  describe('bad input: a clear 400, nothing recorded', () => {
    it.each([
      [{ actor: 'EU', target: 'PL' }, ['actor must be a country', 'target must be an organisation']],
      [{ actor: 'FR', target: 'RU' }, ['target must be an organisation for MembershipJoined', 'EU, UN, NATO']],
      [{ actor: 'EU', target: 'NATO' }, ['actor must be a country for MembershipJoined, not the organisation "EU"']],
    ])('MembershipJoined %j', async (parties, mentions) => {
      const head = await logHead(app.h);
      const body = action({ type: 'MembershipJoined', ...parties, details: undefined });
      expectError(await app.h.call('POST', '/v1/events', body), 400, ...mentions);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('MembershipLeft with details', async () => {
      const body = action({ type: 'MembershipLeft', actor: 'PL', target: 'EU', details: { status: 'left' } });
      expectError(await app.h.call('POST', '/v1/events', body), 400, 'details.status: unknown field');
    });

    it.each([
      ['/v1/organisations/FR/members', 'org must be one of the organisations'],
      ['/v1/organisations/eu/members', 'got "eu"'],
      ['/v1/organisations/EU/members?asOf=yesterday', 'asOf'],
      ['/v1/relations/PL/RU?inherit=yes', 'inherit: must be true or false'],
      ['/v1/countries/PL/relations?inherit=1', 'inherit: must be true or false'],
    ])('GET %s', async (path, mention) => {
      expectError(await app.h.call('GET', path), 400, mention);
    });
  });
});
