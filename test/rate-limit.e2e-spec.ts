import { removeDir, RunningApp, startApp } from './support/app';

describe('RATE_LIMIT', () => {
  let h: RunningApp;
  beforeAll(async () => (h = await startApp({ RATE_LIMIT: '5' })));
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  it('answers 429 with Retry-After past the limit, per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await h.call('GET', '/v1/event-types')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await h.call('GET', '/v1/event-types');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/5 requests a minute/) });
  });

  it('counts each token on its own', async () => {
    const other = await h.call('GET', '/v1/event-types', undefined, { authorization: 'Bearer some-reader-token-1234' });
    expect(other.status).toBe(200);
  });
});
