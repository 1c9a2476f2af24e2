import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { removeDir, RunningApp, startApp } from './support/app';

const dir = join(__dirname, '..', 'examples');
/** The environment without CHANCERY_URL, which would take precedence. */
const withoutUrl = ({ CHANCERY_URL: _, ...env }: NodeJS.ProcessEnv) => env;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('the bundled example dataset', () => {
  let h: RunningApp;
  beforeAll(async () => (h = await startApp()));
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  it('has several episodes', () => expect(files.length).toBeGreaterThanOrEqual(5));

  it.each(files)('%s loads whole (201), and again records nothing (200)', async (file) => {
    const body = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const first = await h.call('POST', '/v1/events/batch', body);
    expect({ file, status: first.status, message: first.body?.message }).toEqual({
      file,
      status: 201,
      message: undefined,
    });
    expect(first.body.events).toHaveLength(body.events.length);
    const again = await h.call('POST', '/v1/events/batch', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('answers the Qatar crisis: severed in 2017, restored by Saudi Arabia in January 2021', async () => {
    const during = await h.call('GET', '/v1/relations/QA/SA?asOf=2019-01-01');
    expect(during.body.diplomaticRelations.status).toBe('severed');
    expect(during.body.sanctions).toHaveLength(1);
    const after = await h.call('GET', '/v1/relations/SA/QA?asOf=2021-02-01');
    expect(after.body.diplomaticRelations.status).toBe('normal');
    expect(after.body.sanctions).toHaveLength(0);
  });

  it('answers the seed pair before and after 2022-03-21', async () => {
    const before = await h.call('GET', '/v1/relations/JP/RU?asOf=2022-03-20');
    const after = await h.call('GET', '/v1/relations/JP/RU?asOf=2022-03-21');
    const talks = (b: any) => b.talks.find((t: any) => t.track === 'peace-treaty')?.status;
    expect(talks(before.body)).toBe('active');
    expect(talks(after.body)).toBe('terminated');
    expect(after.body.visaRegimes.find((v: any) => v.regime === 'visa-free-south-kurils').status).toBe('revoked');
  });

  it('npm run seed posts them to the PORT and HOST the service was started with', async () => {
    const { port } = new URL(h.url);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '..', 'scripts', 'load-examples.mjs')],
      {
        env: { ...withoutUrl(process.env), PORT: port, HOST: '127.0.0.1' },
      },
    );
    for (const file of files) expect(stdout).toContain(file);
  });

  it("answers who was in the EU, NATO and the G7 on a date, from each accession and the UK's exit", async () => {
    const members = async (org: string, asOf: string) =>
      (await h.call('GET', `/v1/organisations/${org}/members?asOf=${asOf}`)).body.members.map((m: any) => m.code);
    expect(await members('EU', '2004-04-30')).not.toContain('PL');
    expect(await members('EU', '2004-05-01')).toContain('PL');
    expect(await members('EU', '2020-01-30')).toHaveLength(28);
    expect(await members('EU', '2020-02-01')).toHaveLength(27);
    expect(await members('EU', '2020-02-01')).not.toContain('GB');
    expect(await members('NATO', '2024-03-07')).toHaveLength(32);
    expect(await members('G7', '2000-01-01')).toEqual(['CA', 'DE', 'FR', 'GB', 'IT', 'JP', 'US']);
  });

  it("shows the EU's agreement and measures on Russia in Poland's view via the EU from 1 May 2004, not before", async () => {
    const state = async (asOf: string) => (await h.call('GET', `/v1/relations/PL/RU?asOf=${asOf}&inherit=true`)).body;
    expect((await state('2004-04-30')).cooperation).toEqual([]);
    expect((await state('2004-05-01')).cooperation).toEqual([
      expect.objectContaining({
        framework: 'eu-russia-partnership-and-cooperation-agreement',
        status: 'active',
        via: 'EU',
      }),
    ]);
    // The sectoral package once, from its own episode, and Russia's food ban in answer to it.
    const sanctions = (await state('2015-01-01')).sanctions.map((p: any) => [p.imposedBy, p.target, p.via, p.id]);
    expect(sanctions).toEqual([
      ['EU', 'RU', 'EU', '906d81f0-164f-5972-802c-41743ce7340e'],
      ['EU', 'RU', 'EU', '5d0c8a6e-2c1f-4e8b-9a51-7f3e2b9c1a01'],
      ['RU', 'EU', 'EU', 'f407ced2-e265-5568-b68c-2d4232a3d8ae'],
    ]);
    const { actions } = (await h.call('GET', '/v1/relations/RU/EU/timeline')).body;
    const ban = actions.find((a: any) => a.eventId === 'f407ced2-e265-5568-b68c-2d4232a3d8ae');
    expect(ban.respondsTo.map((r: any) => r.eventId)).toEqual(['5d0c8a6e-2c1f-4e8b-9a51-7f3e2b9c1a01']);
    const { counterparts } = (await h.call('GET', '/v1/countries/PL/relations?asOf=2015-01-01&inherit=true')).body;
    const ru = counterparts.find((r: any) => r.counterpart === 'RU');
    expect([ru.sanctionsImposed.length, ru.sanctionsReceived.length]).toEqual([2, 1]);
  });

  it('records Lithuania-China truthfully: the downgrade by China, the office, the denied block by its month, the WTO case', async () => {
    const get = async (path: string) => (await h.call('GET', path)).body;
    const s = await get('/v1/relations/LT/CN?asOf=2022-02-01&inherit=true');
    expect(s.diplomaticRelations).toMatchObject({ status: 'downgraded', level: 'charge-d-affaires', by: 'CN' });
    expect(s.ambassadors.map((a: any) => [a.of, a.status])).toEqual([
      ['CN', 'recalled'],
      ['LT', 'recalled'],
    ]);
    expect(s.sanctions).toEqual([expect.objectContaining({ imposedBy: 'CN', target: 'LT', status: 'active' })]);
    expect(s.disputes).toEqual([
      expect.objectContaining({ forum: 'WTO', caseId: 'DS610', onBehalfOf: 'LT', via: 'EU' }),
    ]);
    expect((await get('/v1/relations/LT/TW?asOf=2022-01-01')).missions).toEqual([
      expect.objectContaining({
        of: 'TW',
        in: 'LT',
        mission: 'representative-office',
        city: 'Vilnius',
        status: 'open',
      }),
    ]);
    const { actions } = await get('/v1/relations/CN/LT/timeline?from=2021-12-01&to=2021-12-31');
    const block = actions.find((a: any) => a.type === 'SanctionsImposed');
    expect(block).toMatchObject({ occurredAt: '2021-12', datePrecision: 'month', formality: 'denied' });
    expect(block.respondsTo).toEqual([expect.objectContaining({ type: 'MissionOpened', actor: 'TW', target: 'LT' })]);
  });

  it("records Canada's ambassador expelled by Saudi Arabia in 2018", async () => {
    const s = (await h.call('GET', '/v1/relations/SA/CA?asOf=2018-09-01')).body;
    expect(s.ambassadors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ of: 'CA', in: 'SA', status: 'expelled', since: '2018-08-05' }),
      ]),
    );
  });
});
