import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, RunningApp, startApp } from './support/app';
import { chancery as cli } from './support/cli';

/** `chancery --url <the app> …` */
const chancery = (h: Pick<RunningApp, 'url'>, ...args: string[]) => cli('--url', h.url, ...args);
import { seeded } from './support/generators';
import { randomActions } from './support/random-history';

const tmp = mkdtempSync(join(tmpdir(), 'chancery-cli-'));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('npx chancery', () => {
  let source: RunningApp;
  let copy: RunningApp;
  beforeAll(async () => {
    [source, copy] = await Promise.all([startApp(), startApp()]);
    const r = await source.call('POST', '/v1/events/batch', { events: randomActions(3000, 3) });
    expect(r.status).toBe(201);
    const ids = r.body.events.map((e: { eventId: string }) => e.eventId);
    expect((await source.call('POST', `/v1/events/${ids[0]}/retraction`, { reason: 'wrong' })).status).toBe(201);
    const fix = { occurredAt: '2001-01-01', reason: 'date' };
    expect((await source.call('POST', `/v1/events/${ids[1]}/correction`, fix)).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([source.close(), copy.close()]);
    [source.dataDir, copy.dataDir, tmp].forEach(removeDir);
  });

  it('export, then import into a fresh data dir, gives the same state for every pair on random dates', async () => {
    const out = join(tmp, 'log.ndjson');
    const exported = await chancery(source, 'export', '--out', out);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3002);

    const imported = await chancery(copy, 'import', out);
    expect(imported.stdout).toMatch(/3002 rows, 3002 recorded, 0 already there, 0 skipped, 0 refused/);
    expect(imported.code).toBe(0);

    const rnd = seeded(9);
    const parties = ['RU', 'JP', 'US', 'GB', 'CN', 'UA', 'EU', 'IR', 'SA', 'QA'];
    for (let i = 0; i < 40; i++) {
      const [a, b] = [parties[Math.floor(rnd() * 10)], parties[Math.floor(rnd() * 10)]];
      if (a === b) continue;
      const asOf = new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 9500) * 86_400_000).toISOString().slice(0, 10);
      const path = `/v1/relations/${a}/${b}?asOf=${asOf}&include=lifted`;
      const [x, y] = await Promise.all([source.call('GET', path), copy.call('GET', path)]);
      const { knownAt: _k1, revision: _r1, ...left } = x.body;
      const { knownAt: _k2, revision: _r2, ...right } = y.body;
      expect(right).toEqual(left);
    }
  }, 60_000);

  it('importing the same file twice records nothing new', async () => {
    const again = await chancery(copy, 'import', join(tmp, 'log.ndjson'));
    expect(again.stdout).toMatch(/3002 rows, 0 recorded, 3002 already there/);
  }, 60_000);

  it('verify finds no difference between the read models and a fold of the log', async () => {
    const r = await chancery(copy, 'verify', '--dates', '5');
    expect(r.stdout).toMatch(/3002 events, \d+ pairs, \d+ checks, 0 differences/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('verify reports a read model edited behind the service’s back', async () => {
    const db = new Database(join(copy.dataDir, 'read-1.db'));
    db.prepare(
      "UPDATE actions SET retracted = 1 WHERE position = (SELECT position FROM actions WHERE pair = 'JP-RU' LIMIT 1)",
    ).run();
    db.close();
    const r = await chancery(copy, 'verify', '--dates', '5');
    expect(r.stdout).toMatch(/DIFFERENT JP\/RU/);
    expect(r.stdout).toMatch(/[1-9]\d* differences/);
    expect(r.code).toBe(1);
  }, 60_000);

  it('rebuild replays the log and swaps the read models in, mending them', async () => {
    const r = await chancery(copy, 'rebuild');
    expect(r.stderr).toMatch(/rebuild .*: 3002 events replayed and swapped in/);
    expect(r.code).toBe(0);
    expect((await chancery(copy, 'verify', '--dates', '3')).code).toBe(0);
  }, 60_000);

  it('reports malformed lines by number and goes on, or stops there, as asked', async () => {
    const good = (d: string) => JSON.stringify({ type: 'ProtestLodged', actor: 'NO', target: 'BY', occurredAt: d });
    const path = file(
      'mixed.ndjson',
      [
        good('2021-01-01'),
        '{not json',
        good('2021-01-02'),
        JSON.stringify({ type: 'ProtestLodged', actor: 'NO', target: 'XX', occurredAt: '2021-01-03' }),
        good('2021-01-04'),
      ].join('\n'),
    );
    const skip = await chancery(copy, 'import', path);
    expect(skip.stdout).toMatch(/5 rows, 3 recorded, 0 already there, 0 skipped, 2 refused/);
    expect(skip.stdout).toMatch(/line 2: malformed JSON/);
    expect(skip.stdout).toMatch(/line 4: target/);
    expect(skip.code).toBe(1);

    const stopPath = file(
      'stop.ndjson',
      [good('2022-01-01'), good('2022-01-02'), '{not json', good('2022-01-04')].join('\n'),
    );
    const stop = await chancery(copy, 'import', stopPath, '--on-error', 'stop');
    expect(stop.stdout).toMatch(/^\S+ 3 rows/);
    expect(stop.stdout).toMatch(/2 recorded.*stopped at line 3/);
    const state = await copy.call('GET', '/v1/relations/NO/BY?asOf=2022-12-31');
    expect(state.body.incidents.ProtestLodged).toBe(3 + 2);
  }, 60_000);

  it('refuses a row whose amendment names no event id, or with a reserved field name, and goes on', async () => {
    const good = (d: string) => JSON.stringify({ type: 'ProtestLodged', actor: 'NO', target: 'SE', occurredAt: d });
    const path = file(
      'hostile.ndjson',
      [
        good('2021-02-01'),
        // Once put into the URL as is: POST /v1/events/../projections/rebuild?/retraction started a rebuild.
        JSON.stringify({ type: 'ActionRetracted', retracts: '../projections/rebuild?', reason: 'x' }),
        // Once aborted the whole import, even with --on-error skip.
        '{"__proto__":{"admin":true},"type":"ProtestLodged","actor":"NO","target":"SE","occurredAt":"2021-02-02"}',
        good('2021-02-03'),
      ].join('\n'),
    );
    const r = await chancery(source, 'import', path, '--on-error', 'skip');
    expect(r.stdout).toMatch(/4 rows, 2 recorded, 0 already there, 0 skipped, 2 refused/);
    expect(r.stdout).toMatch(/line 2: retracts must be an event id/);
    expect(r.stdout).toMatch(/line 3: __proto__: unknown field/);
    expect(r.code).toBe(1);
    const { projections } = (await source.call('GET', '/v1/projections')).body;
    expect(projections[0].rebuild).toBeUndefined();
  }, 60_000);

  it('imports a Chancery CSV, with details as JSON', async () => {
    const path = file(
      'actions.csv',
      'type,actor,target,occurredAt,details,summary,sourceUrl,publisher\n' +
        'DiplomatsExpelled,GB,RU,2018-03-14,"{""count"":23}",Skripal case,https://www.gov.uk/,UK Government\n',
    );
    const r = await chancery(copy, 'import', path);
    expect(r.stdout).toMatch(/1 rows, 1 recorded/);
    const log = await copy.call('GET', '/v1/relations/GB/RU/timeline?from=2018-03-14&to=2018-03-14');
    expect(log.body.actions[0]).toMatchObject({
      details: { count: 23 },
      sources: [{ url: 'https://www.gov.uk/', publisher: 'UK Government' }],
    });
  }, 60_000);

  it('maps a CAMEO-coded GDELT-style file onto the catalogue and says why rows were skipped', async () => {
    const path = file(
      'gdelt.tsv',
      'SQLDATE\tActor1CountryCode\tActor1KnownGroupCode\tActor2CountryCode\tActor2KnownGroupCode\tEventCode\tSOURCEURL\n' +
        '20220321\tPRK\t\tKOR\t\t164\thttps://example.org/a\n' +
        '20220308\tKOR\t\tPRK\t\t163\thttps://example.org/b\n' +
        '20220309\tKOR\t\tPRK\t\t042\thttps://example.org/c\n' +
        '20220310\t\t\tPRK\t\t111\thttps://example.org/d\n' +
        // An organisation actor: GDELT leaves its country empty and names it by CAMEO's known-group code.
        '20140731\t\tEEC\tRUS\t\t163\thttps://example.org/e\n' +
        '20140807\tRUS\t\t\tEEC\t111\thttps://example.org/f\n',
    );
    const first = await chancery(copy, 'import', path);
    expect(first.stdout).toMatch(/6 rows, 4 recorded, 0 already there, 2 skipped, 0 refused/);
    expect(first.stdout).toMatch(/line 4: CAMEO 042 has no catalogue type/);
    expect(first.stdout).toMatch(/line 5: actor or target is not a country or organisation we know/);
    const again = await chancery(copy, 'import', path);
    expect(again.stdout).toMatch(/0 recorded, 4 already there/);
    // The copy holds a random history too, which has EU-RU actions of its own.
    const bloc = await copy.call('GET', '/v1/relations/EU/RU/timeline?from=2014-07-31&to=2014-08-07');
    const imported = bloc.body.actions.filter((a: any) => a.summary?.startsWith('Imported from CAMEO'));
    expect(imported.map((a: any) => [a.type, a.actor, a.target, a.summary])).toEqual([
      ['SanctionsImposed', 'EU', 'RU', 'Imported from CAMEO 163 (impose embargo, boycott or sanctions)'],
      ['ProtestLodged', 'RU', 'EU', 'Imported from CAMEO 111 (criticize or denounce)'],
    ]);
    const state = await copy.call('GET', '/v1/relations/KR/KP?asOf=2022-03-22');
    expect(state.body.talks).toEqual([
      expect.objectContaining({ track: 'unspecified', status: 'suspended', by: 'KP' }),
    ]);
    expect(state.body.sanctions.some((p: any) => p.measures[0].description.startsWith('CAMEO 163'))).toBe(true);
  }, 60_000);

  it("reads GDELT 2.0's own header-less event files by column position", async () => {
    const row = (date: string, a: string, b: string, code: string, url: string) => {
      const f = Array.from({ length: 61 }, () => '');
      [f[0], f[1], f[7], f[17], f[26], f[60]] = ['1034567890', date, a, b, code, url];
      return f.join('\t');
    };
    const path = file(
      '20220321.export.CSV',
      [
        row('20220321', 'BLR', 'LTU', '161', 'https://example.org/e'),
        row('20220321', 'LTU', 'BLR', '190', 'https://example.org/f'),
      ].join('\n'),
    );
    const r = await chancery(copy, 'import', path);
    expect(r.stdout).toMatch(/2 rows, 1 recorded, 0 already there, 1 skipped, 0 refused/);
    const state = await copy.call('GET', '/v1/relations/LT/BY?asOf=2022-03-21');
    expect(state.body.diplomaticRelations).toMatchObject({ status: 'downgraded', since: '2022-03-21' });
  });

  describe('GDELT duplicates, provenance and retracting an import', () => {
    // One event (KP halts talks with KR on 2022-03-21) reported by three articles, one of them twice; another
    // (KR sanctions KP) by one article mentioned once; a third row of the first event's root on another day.
    const gdelt = (id: string, date: string, a: string, b: string, code: string, mentions: number, url: string) =>
      [id, date, a, b, code, mentions, url].join('\t');
    const text = [
      'GLOBALEVENTID\tSQLDATE\tActor1CountryCode\tActor2CountryCode\tEventCode\tNumMentions\tSOURCEURL',
      gdelt('9001', '20220321', 'PRK', 'KOR', '164', 4, 'https://example.org/talks-1'),
      gdelt('9002', '20220321', 'PRK', 'KOR', '1641', 3, 'https://example.org/talks-2'),
      gdelt('9003', '20220321', 'PRK', 'KOR', '164', 2, 'https://example.org/talks-1'),
      gdelt('9004', '20220321', 'PRK', 'KOR', '164', 1, 'https://example.org/talks-3'),
      gdelt('9005', '20220322', 'KOR', 'PRK', '163', 1, 'https://example.org/rumour'),
      gdelt('9006', '20220323', 'PRK', 'KOR', '164', 5, 'https://example.org/talks-4'),
    ].join('\n');
    let app: RunningApp;
    const fromFile = async (source: string) =>
      (await app.call('GET', `/v1/events?source=${encodeURIComponent(source)}&limit=1000`)).body.events as any[];
    beforeAll(async () => (app = await startApp()), 60_000);
    afterAll(async () => {
      await app.close();
      removeDir(app.dataDir);
    });

    it('makes the rows of one event one action with every article; again, nothing new', async () => {
      const path = file('20220321.export.tsv', text);
      const first = await chancery(app, 'import', path);
      expect(first.stdout).toMatch(/6 rows, 3 recorded, 0 already there, 0 skipped, 0 refused; 3 rows merged/);
      const again = await chancery(app, 'import', path);
      expect(again.stdout).toMatch(/6 rows, 0 recorded, 3 already there, 0 skipped, 0 refused; 3 rows merged/);
      const timeline = await app.call('GET', '/v1/relations/KP/KR/timeline?from=2022-03-01&to=2022-03-31');
      const talks = timeline.body.actions.filter((a: any) => a.type === 'TalksSuspended');
      expect(talks.map((a: any) => [a.occurredAt, a.sources.map((s: any) => s.url)])).toEqual([
        ['2022-03-21', ['https://example.org/talks-1', 'https://example.org/talks-2', 'https://example.org/talks-3']],
        ['2022-03-23', ['https://example.org/talks-4']],
      ]);
      const log = await fromFile('gdelt:20220321.export.tsv');
      expect(log.map((e) => e.provenance)).toEqual([
        { dataset: 'gdelt', file: '20220321.export.tsv', rows: ['9001', '9002', '9003', '9004'] },
        { dataset: 'gdelt', file: '20220321.export.tsv', rows: ['9005'] },
        { dataset: 'gdelt', file: '20220321.export.tsv', rows: ['9006'] },
      ]);
    }, 60_000);

    it('drops the events mentioned fewer times than --min-mentions, line by line', async () => {
      const path = file('20220322.export.tsv', text);
      const r = await chancery(app, 'import', path, '--min-mentions', '5', '--dataset', 'gdelt-filtered');
      expect(r.stdout).toMatch(/6 rows, 0 recorded, 2 already there, 1 skipped, 0 refused/);
      expect(r.stdout).toMatch(/line 6: mentioned 1 times in all \(1 rows\), under --min-mentions 5/);
      // The two events kept were recorded by the first file: the log keeps their first provenance.
      expect(await fromFile('gdelt-filtered')).toEqual([]);
    }, 60_000);

    it('skips an event another file recorded with other articles, saying so', async () => {
      const later = file(
        '20220321151500.export.tsv',
        [text.split('\n')[0], gdelt('9101', '20220321', 'PRK', 'KOR', '164', 9, 'https://example.org/talks-9')].join(
          '\n',
        ),
      );
      const r = await chancery(app, 'import', later);
      expect(r.stdout).toMatch(/1 rows, 0 recorded, 0 already there, 1 skipped, 0 refused/);
      expect(r.stdout).toMatch(
        /line 2: the same event \(actor, target, type and day\) is already recorded from other rows/,
      );
      expect(r.code).toBe(0);
    }, 60_000);

    it('filters the log by dataset or file, and refuses a malformed source', async () => {
      const other = file(
        'actions.ndjson',
        JSON.stringify({ type: 'ProtestLodged', actor: 'FR', target: 'DE', occurredAt: '2020-01-02' }),
      );
      expect((await chancery(app, 'import', other)).stdout).toMatch(/1 recorded/);
      expect((await fromFile('chancery')).map((e) => [e.type, e.provenance])).toEqual([
        ['ProtestLodged', { dataset: 'chancery', file: 'actions.ndjson', rows: ['1'] }],
      ]);
      expect(await fromFile('gdelt')).toHaveLength(3);
      expect(await fromFile('gdelt:another.tsv')).toEqual([]);
      const bad = await app.call('GET', '/v1/events?source=%20gdelt');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^source: must be a dataset/);
    }, 60_000);

    it('retracts an import as a whole, one retraction per action; again, nothing new', async () => {
      const before = (await app.call('GET', '/v1/events?limit=1000')).body.events.length;
      const r = await chancery(app, 'retract', '--source', 'gdelt:20220321.export.tsv', '--reason', 'test import');
      expect(r.stdout).toMatch(/3 actions, 3 retracted now, 0 retracted already/);
      const after = (await app.call('GET', '/v1/events?limit=1000')).body.events;
      expect(after).toHaveLength(before + 3);
      expect(after.slice(-3).map((e: any) => [e.type, e.reason])).toEqual(
        Array(3).fill(['ActionRetracted', 'test import']),
      );
      expect((await fromFile('gdelt')).every((e) => e.retractedBy)).toBe(true);
      expect((await fromFile('chancery')).some((e) => e.retractedBy)).toBe(false);
      const again = await chancery(app, 'retract', '--source', 'gdelt:20220321.export.tsv');
      expect(again.stdout).toMatch(/3 actions, 0 retracted now, 3 retracted already/);
      expect((await app.call('GET', '/v1/events?limit=1000')).body.events).toHaveLength(before + 3);
      const state = await app.call('GET', '/v1/relations/KR/KP?asOf=2022-03-31');
      expect(state.body.talks).toEqual([]);
    }, 60_000);

    it('imports a POLECAT file: the PLOVER events the catalogue expresses, the others skipped line by line', async () => {
      const polecat = join(__dirname, 'fixtures', 'polecat', 'ngec_coded_v1_2022-03-13_2022-03-19.txt');
      const r = await chancery(app, 'import', '--format', 'polecat', polecat);
      expect(r.stdout).toMatch(/8 rows, 3 recorded, 0 already there, 4 skipped, 0 refused; 1 rows merged/);
      expect(r.stdout).toMatch(
        /line 6: PLOVER SANCTION\/expel \(diplomatic\) has no catalogue type: DiplomatsExpelled needs/,
      );
      expect(r.stdout).toMatch(/line 7: PLOVER CONSULT\/visit \(diplomatic\) has no catalogue type\n/);
      expect(r.stdout).toMatch(/line 8: the actor is of sector BUS, not the state or its government/);
      expect(r.stdout).toMatch(/line 9: actor or recipient is not a country we know/);
      const imported = await fromFile('polecat');
      expect(imported.map((e) => [e.type, e.actor, e.target, e.occurredAt, e.provenance.rows])).toEqual([
        ['SanctionsImposed', 'US', 'RU', '2022-03-15', ['20220315-USA-RUS-1', '20220315-USA-RUS-2']],
        ['DiplomaticRelationsDowngraded', 'LT', 'BY', '2022-03-16', ['20220316-LTU-BLR-1']],
        ['ProtestLodged', 'JP', 'RU', '2022-03-17', ['20220317-JPN-RUS-1']],
      ]);
      expect(imported[0].summary).toMatch(/; POLECAT intensity -6; POLECAT intensity -7$/);
      const lt = await app.call('GET', '/v1/relations/LT/BY?asOf=2022-03-31');
      expect(lt.body.diplomaticRelations).toMatchObject({ status: 'downgraded', by: 'LT', since: '2022-03-16' });
      const again = await chancery(app, 'import', '--format', 'polecat', polecat);
      expect(again.stdout).toMatch(/8 rows, 0 recorded, 3 already there, 4 skipped/);
      const notPolecat = await chancery(app, 'import', '--format', 'polecat', file('other.tsv', 'a\tb\n1\t2\n'));
      expect(notPolecat.stdout).toMatch(/line 1: not a POLECAT file/);
      expect(notPolecat.code).toBe(1);
    }, 60_000);
  });

  it('fails with one clear line when the service cannot be reached', async () => {
    const { stderr, code } = await chancery({ url: 'http://127.0.0.1:9' }, 'verify');
    expect(stderr).toMatch(/chancery: cannot reach http:\/\/127\.0\.0\.1:9 .*is the service running/);
    expect(code).toBe(2);
  });
});
