import { parse } from 'csv-parse/sync';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_TYPES } from '../src/domain/catalogue/catalogue';
import { PANEL_COLUMNS } from '../src/get-panel/panel';
import { removeDir, RunningApp, startApp } from './support/app';
import { chancery as cli } from './support/cli';

/** `chancery --url <the app> …` */
const chancery = (h: Pick<RunningApp, 'url'>, ...args: string[]) => cli('--url', h.url, ...args);

const examples = join(__dirname, '..', 'examples');
type Row = Record<string, string>;

const csvRows = (text: string): Row[] => parse<Row>(text, { columns: true });
const key = (r: Row) => `${r.pair} ${r.period}`;
const counts = (r: Row) =>
  Object.fromEntries(
    Object.entries(r)
      .filter(([k]) => k.startsWith('n_'))
      .map(([k, v]) => [k, +v]),
  );

describe('GET /v1/panel', () => {
  let h: RunningApp;
  const panel = async (query: string) => {
    const r = await h.call('GET', `/v1/panel?${query}`);
    expect({ status: r.status, message: r.body?.message }).toEqual({ status: 200, message: undefined });
    return r;
  };

  beforeAll(async () => {
    h = await startApp();
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
      const r = await h.call('POST', '/v1/events/batch', JSON.parse(readFileSync(join(examples, file), 'utf8')));
      expect(r.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  it('gives the examples by month as a CSV a spreadsheet opens: the documented columns, one row per pair and month', async () => {
    const r = await panel('from=2016-01-01&to=2023-12-31&granularity=month');
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="panel-month-2016-01-01-2023-12-31.csv"');
    const [header] = parse(r.text, { toLine: 1 });
    expect(header).toEqual([...PANEL_COLUMNS]);
    const doc = readFileSync(join(__dirname, '..', 'docs', 'PANEL.md'), 'utf8');
    // One count column per action type, documented as `n_<Type>`; every other column by its name.
    expect(header.filter((c) => c.startsWith('n_'))).toEqual(ACTION_TYPES.map((t) => `n_${t}`));
    expect(doc).toContain('`n_<Type>`');
    for (const column of header.filter((c) => !c.startsWith('n_'))) {
      expect({ column, documented: doc.includes(`\`${column}\``) }).toEqual({ column, documented: true });
    }

    const rows = csvRows(r.text);
    const pairs = [...new Set(rows.map((row) => row.pair))];
    expect(pairs).toEqual(expect.arrayContaining(['JP-RU', 'QA-SA', 'GB-RU', 'CA-SA', 'IR-SA']));
    expect(rows).toHaveLength(pairs.length * 96);
    expect(Number(r.headers.get('x-panel-rows'))).toBe(rows.length);
    expect(rows.filter((row) => row.pair === 'JP-RU').map((row) => row.period)).toEqual(
      Array.from({ length: 96 }, (_, i) => `${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`),
    );
    const march = rows.find((row) => row.pair === 'JP-RU' && row.period === '2022-03')!;
    expect(march).toMatchObject({ a: 'JP', b: 'RU', period_start: '2022-03-01', period_end: '2022-03-31' });
    expect(march.talks_changed).toContain('peace-treaty:terminated');
    expect(march.regimes_changed).toContain('visa-free-south-kurils/RU:revoked');
    expect(Number(march.n_SanctionsImposed)).toBeGreaterThan(0);
  }, 60_000);

  it('agrees, row by row, with the state and the timeline the API answers for the same dates', async () => {
    const rows = csvRows((await panel('from=2016-01-01&to=2023-12-31&granularity=quarter')).text);
    for (const pair of ['JP-RU', 'QA-SA', 'IR-SA']) {
      const [a, b] = pair.split('-');
      const timeline = (await h.call('GET', `/v1/relations/${a}/${b}/timeline`)).body.actions as {
        type: string;
        occurredAt: string;
        retractedBy?: string;
      }[];
      for (const row of rows.filter((x) => x.pair === pair)) {
        const state = (await h.call('GET', `/v1/relations/${a}/${b}?asOf=${row.period_end}`)).body;
        const inForce = (by: string) => state.sanctions.filter((p: { imposedBy: string }) => p.imposedBy === by).length;
        expect({ pair, period: row.period, standing: +row.standing, status: row.relations_status }).toEqual({
          pair,
          period: row.period,
          standing: state.index.standing,
          status: state.diplomaticRelations.status,
        });
        expect([+row.sanctions_a_on_b, +row.sanctions_b_on_a]).toEqual([inForce(a), inForce(b)]);
        const within = timeline.filter(
          (t) =>
            !t.retractedBy &&
            t.occurredAt.slice(0, 10) >= row.period_start &&
            t.occurredAt.slice(0, 10) <= row.period_end,
        );
        expect(+row.actions).toBe(within.length);
        for (const t of within) expect(+row[`n_${t.type}`]).toBeGreaterThan(0);
      }
    }
  }, 120_000);

  it('as known at an earlier knownAt, differs exactly by the actions recorded after it', async () => {
    const query = 'from=2017-01-01&to=2023-12-31&granularity=year';
    const before = await panel(query);
    const knownAt = before.headers.get('x-known-at')!;
    const earlier = csvRows(before.text);
    const timeline = (await h.call('GET', '/v1/relations/QA/SA/timeline')).body.actions as {
      eventId: string;
      type: string;
      occurredAt: string;
    }[];
    const retracted = timeline.find((t) => t.occurredAt.startsWith('2017'))!;
    const corrected = timeline.find((t) => t.occurredAt.startsWith('2021') && t.eventId !== retracted.eventId)!;
    const added = [
      { type: 'ProtestLodged', actor: 'JP', target: 'RU', occurredAt: '2019-05-05', details: {} },
      { type: 'DiplomatsExpelled', actor: 'RU', target: 'JP', occurredAt: '2022-04-01', details: { count: 8 } },
      { type: 'ProtestLodged', actor: 'NO', target: 'BY', occurredAt: '2020-02-02', details: {} },
    ];
    expect((await h.call('POST', '/v1/events/batch', { events: added })).status).toBe(201);
    expect((await h.call('POST', `/v1/events/${retracted.eventId}/retraction`, { reason: 'test' })).status).toBe(201);
    const fix = { occurredAt: '2018-06-01', reason: 'test' };
    expect((await h.call('POST', `/v1/events/${corrected.eventId}/correction`, fix)).status).toBe(201);

    const then = csvRows((await panel(`${query}&knownAt=${encodeURIComponent(knownAt)}`)).text);
    expect(then).toEqual(earlier);

    const now = csvRows((await panel(query)).text);
    // What the later records change in the counts: +1 per action added, -1 for the retracted one, and the
    // corrected one moved from its year to 2018.
    const expected = new Map<string, Record<string, number>>();
    const bump = (pair: string, year: string, type: string, by: number) => {
      const c = expected.get(`${pair} ${year}`) ?? {};
      c[`n_${type}`] = (c[`n_${type}`] ?? 0) + by;
      expected.set(`${pair} ${year}`, c);
    };
    bump('JP-RU', '2019', 'ProtestLodged', 1);
    bump('JP-RU', '2022', 'DiplomatsExpelled', 1);
    bump('BY-NO', '2020', 'ProtestLodged', 1);
    bump('QA-SA', retracted.occurredAt.slice(0, 4), retracted.type, -1);
    bump('QA-SA', corrected.occurredAt.slice(0, 4), corrected.type, -1);
    bump('QA-SA', '2018', corrected.type, 1);

    const old = new Map(earlier.map((r) => [key(r), r]));
    expect(now.filter((r) => !old.has(key(r))).map(key)).toEqual(
      [2017, 2018, 2019, 2020, 2021, 2022, 2023].map((y) => `BY-NO ${y}`),
    );
    for (const row of now) {
      const was = old.get(key(row));
      const diff = Object.entries(counts(row))
        .map(([k, v]) => [k, v - (was ? +was[k] : 0)] as const)
        .filter(([, d]) => d !== 0);
      const want = Object.entries(expected.get(key(row)) ?? {}).filter(([, d]) => d !== 0);
      expect({ row: key(row), diff: Object.fromEntries(diff) }).toEqual({
        row: key(row),
        diff: Object.fromEntries(want),
      });
      // Rows of pairs nothing was recorded for since are the same, every column, and so are those of a pair
      // before the first period a later record touched.
      if (was && (!['JP-RU', 'QA-SA'].includes(row.pair) || (row.pair === 'JP-RU' && row.period < '2019'))) {
        expect(row).toEqual(was);
      }
    }
  }, 60_000);

  it('streams NDJSON and JSON too, with the same rows', async () => {
    const query = 'from=2022-01-01&to=2022-06-30&pairs=JP-RU,GB-RU&parties=QA';
    const csv = csvRows((await panel(`${query}&format=csv`)).text);
    const lines = (await panel(`${query}&format=ndjson`)).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const json = (await panel(`${query}&format=json`)).body;
    expect(json).toMatchObject({
      granularity: 'month',
      from: '2022-01-01T00:00:00.000Z',
      to: '2022-06-30T23:59:59.999Z',
    });
    expect(json.columns).toEqual([...PANEL_COLUMNS]);
    expect(json.rows).toEqual(lines);
    expect(new Set(lines.map((l) => l.pair))).toEqual(new Set(['GB-RU', 'JP-RU', 'QA-SA', 'AE-QA', 'BH-QA', 'EG-QA']));
    expect(lines.map((l) => String(l.standing))).toEqual(csv.map((r) => r.standing));
    expect(lines.map((l) => l.relations_level ?? '')).toEqual(csv.map((r) => r.relations_level));
  }, 60_000);

  it('chancery panel writes the same panel to a file, and names the knownAt to get it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chancery-panel-'));
    try {
      const out = join(dir, 'panel.csv');
      const r = await chancery(
        h,
        'panel',
        '--from',
        '2018-01-01',
        '--to',
        '2023-12-31',
        '--granularity',
        'year',
        '--out',
        out,
      );
      expect(r.code).toBe(0);
      const knownAt = /as known at (\S+)/.exec(r.stderr)![1];
      expect(r.stderr).toMatch(new RegExp(`^${csvRows(readFileSync(out, 'utf8')).length} rows to ${out}`, 'm'));
      const same = await panel(`from=2018-01-01&to=2023-12-31&granularity=year&knownAt=${encodeURIComponent(knownAt)}`);
      expect(readFileSync(out, 'utf8')).toBe(same.text);
      const bad = await chancery(h, 'panel', '--from', '2018-01-01', '--to', '2023-12-31', '--parties', 'XX');
      expect(bad.stderr).toMatch(/chancery: GET \/v1\/panel: 400 parties\[0\] must be an ISO 3166-1/);
      expect(bad.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    ['to=2022-12-31', 400, /from: must be a date/],
    ['from=2022-01-01&to=2021-01-01', 400, /from \(2022-01-01\) must not be after to/],
    ['from=2022-01-01&to=2022-12-31&granularity=week', 400, /granularity: must be one of month, quarter, year/],
    ['from=2022-01-01&to=2022-12-31&format=xlsx', 400, /format: must be one of csv, ndjson, json/],
    ['from=2022-01-01&to=2022-12-31&parties=RU,XX', 400, /parties\[1\] must be an ISO 3166-1 alpha-2/],
    ['from=2022-01-01&to=2022-12-31&pairs=JP', 400, /pairs\[0\] must be two codes joined by "-"/],
    ['from=2022-01-01&to=2022-12-31&pairs=RU-RU', 400, /pairs\[0\]: a and b must be two different parties/],
    ['from=1800-01-01&to=2022-12-31', 400, /spans 2676 months: a panel has at most 1200 periods/],
  ])('refuses %s with %i naming the problem', async (query, status, message) => {
    const r = await h.call('GET', `/v1/panel?${query}`);
    expect(r.status).toBe(status);
    expect(r.body.message).toMatch(message);
  });
});
