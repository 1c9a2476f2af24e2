import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectError, expectStatus, justBefore, useApp } from './support/ledger';

const episode = readFileSync(join(__dirname, '..', 'examples', 'russia-japan-2022.json'), 'utf8');

describe('GET /v1/relations/{a}/{b}/index: the relations index over time', () => {
  const app = useApp();
  let recordedAt: string;

  beforeAll(async () => {
    recordedAt = expectStatus(await app.h.call('POST', '/v1/events/batch', episode), 201).body.events[0].recordedAt;
  });

  it('gives every month from the first action to the last, and the index after each action', async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/relations/RU/JP/index'), 200);
    const { pair, period, months, actions } = res.body;
    expect([pair, period]).toEqual([['JP', 'RU'], 'month']);
    // A cooperation framework launched: +6 in the Goldstein sum, and active (+2) in the standing.
    expect(months[0]).toEqual({ month: '2016-12', score: 6, count: 1, average: 6, cumulative: 6, standing: 2 });
    expect(months.at(-1)).toEqual(expect.objectContaining({ month: '2022-09', count: 2 }));
    expect(months).toHaveLength(70);
    expect(actions).toHaveLength(JSON.parse(episode).events.length);
    const march = months.find((m: any) => m.month === '2022-03');
    expect(march.count).toBe(7);
    // The same fold as the state's index.
    const state = expectStatus(await app.h.call('GET', '/v1/relations/JP/RU'), 200).body;
    expect(actions.at(-1).cumulative).toBe(state.index.score);
    expect(months.at(-1).cumulative).toBe(state.index.score);
    expect([actions.at(-1).standing, months.at(-1).standing]).toEqual([state.index.standing, state.index.standing]);
    expect(months.reduce((n: number, m: any) => n + m.count, 0)).toBe(state.index.actions);
  });

  it('keeps the months from..to, and follows knownAt', async () => {
    const res = expectStatus(await app.h.call('GET', '/v1/relations/JP/RU/index?from=2022-03-01&to=2022-04-30'), 200);
    expect(res.body.months.map((m: any) => m.month)).toEqual(['2022-03', '2022-04']);
    expect(res.body.from).toBe('2022-03-01T00:00:00.000Z');
    const before = await app.h.call('GET', `/v1/relations/JP/RU/index?knownAt=${justBefore(recordedAt)}`);
    expect(expectStatus(before, 200).body).toEqual(expect.objectContaining({ months: [], actions: [] }));
  });

  it('names the offending parameter', async () => {
    expectError(await app.h.call('GET', '/v1/relations/JP/RU/index?from=March'), 400, 'from');
    expectError(await app.h.call('GET', '/v1/relations/JP/RU/index?from=2022-05-01&to=2022-04-01'), 400, 'from');
    expectError(await app.h.call('GET', '/v1/relations/JP/XX/index'), 400, 'b');
  });
});

describe('GET /v1/relations/{a}/{b}/index for a pair whose actions span more than a century', () => {
  const app = useApp();

  it('answers the last 100 years of months (the chart of the web page), earlier actions counted in cumulative', async () => {
    const post = (occurredAt: string) =>
      app.h.call('POST', '/v1/events', { type: 'DiplomaticRelationsRestored', actor: 'FR', target: 'GB', occurredAt });
    expectStatus(await post('1815-11-20'), 201);
    expectStatus(await post('2022-03-21'), 201);
    const { months, actions } = expectStatus(await app.h.call('GET', '/v1/relations/FR/GB/index'), 200).body;
    expect(months).toHaveLength(1200);
    expect([months[0].month, months.at(-1).month]).toEqual(['1922-04', '2022-03']);
    expect(months[0].cumulative).toBe(6);
    expect(months.at(-1)).toMatchObject({ count: 1, cumulative: 12 });
    expect(actions.map((a: any) => a.occurredAt)).toEqual(['2022-03-21']);
    // An explicit window longer than a century is still a mistake in from/to.
    expectError(await app.h.call('GET', '/v1/relations/FR/GB/index?from=1815-01-01&to=2022-12-31'), 400, 'from..to');
  });
});
