import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from './support/app';
import { chancery } from './support/cli';
import { expectStatus, useApp } from './support/ledger';

const FIXTURE = join(__dirname, 'fixtures', 'opensanctions', 'sanctions.ftm.json');

describe('npx chancery import: OpenSanctions designations (FollowTheMoney JSON lines)', () => {
  const app = useApp();
  const tmp = mkdtempSync(join(tmpdir(), 'chancery-ftm-'));
  afterAll(() => removeDir(tmp));
  const get = async (path: string) => expectStatus(await app.h.call('GET', path), 200).body;

  it('records each designation as a package, skips those it cannot place, reports malformed lines', async () => {
    const reportFile = join(tmp, 'report.json');
    const r = await chancery('--url', app.h.url, 'import', FIXTURE, '--report', reportFile);
    expect(r.stdout).toMatch(/4 recorded, 0 already there, 3 skipped, 2 refused/);
    expect(r.code).toBe(1); // malformed lines are refused rows
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.skipped).toEqual([
      { line: 6, reason: expect.stringMatching(/fx-sanction-unknown-country: issued by xx/) },
      { line: 7, reason: expect.stringMatching(/fx-sanction-partial-date: no full start date/) },
      { line: 8, reason: expect.stringMatching(/fx-sanction-missing-entity: its entity fx-nobody is not in the file/) },
    ]);
    expect(report.rejected.map((x: { line: number }) => x.line)).toEqual([9, 11]);
  });

  it('maps the issuer, the entity’s country, the dates, the program and the provisions', async () => {
    const us = await get('/v1/relations/US/RU?asOf=2022-05-01');
    expect(us.sanctions).toEqual([
      expect.objectContaining({
        imposedBy: 'US',
        target: 'RU',
        since: '2022-04-06',
        program: 'US-RUSEO14024',
        expiresAt: null,
        legalBasis: [
          {
            authority: 'Office of Foreign Assets Control',
            instrument: 'RUSSIA-EO14024',
            url: 'https://ofac.example/sdn/fx-1',
          },
        ],
        measures: [
          expect.objectContaining({
            kind: 'asset_freeze',
            entities: [
              { name: 'Northern Fixture Bank', ids: { opensanctions: 'fx-company-northbank', wikidata: 'Q999000111' } },
            ],
          }),
        ],
      }),
    ]);
    const eu = (await get('/v1/relations/EU/RU?asOf=2022-05-01')).sanctions[0];
    expect(eu.measures.map((m: { kind: string }) => m.kind)).toEqual(['asset_freeze', 'financial']);
    expect(eu.expiresAt).toBe('2023-03-15');
    expect((await get('/v1/relations/EU/RU?asOf=2023-03-16&include=lapsed')).sanctions[0].status).toBe('lapsed');
    expect((await get('/v1/relations/GB/IR?asOf=2020-01-01')).sanctions[0]).toMatchObject({
      since: '2019-05-02',
      measures: [
        expect.objectContaining({ kind: 'travel_ban', entities: [expect.objectContaining({ name: 'Ivan Fixturov' })] }),
      ],
    });
    // The nested form: a vessel with its designation inline; a port entry ban is none of the ledger's kinds.
    expect((await get('/v1/relations/JP/KP?asOf=2018-01-01')).sanctions[0].measures[0]).toMatchObject({
      kind: 'other',
      description: 'Port entry ban',
    });
  });

  it('finds the packages by the entity’s OpenSanctions id across pairs, and imports again without recording anything', async () => {
    const found = await get('/v1/sanctions?entity=FX-COMPANY-NORTHBANK&asOf=2022-05-01');
    expect(found.packages.map((p: { imposedBy: string }) => p.imposedBy).sort()).toEqual(['EU', 'US']);
    const again = await chancery('--url', app.h.url, 'import', FIXTURE);
    expect(again.stdout).toMatch(/0 recorded, 4 already there/);
  });
});
