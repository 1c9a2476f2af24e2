import { removeDir, RunningApp, startApp } from './support/app';

describe('smoke', () => {
  let h: RunningApp;
  beforeAll(async () => (h = await startApp()));
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  it('records an action and answers the state', async () => {
    const w = await h.call('POST', '/v1/events', {
      type: 'TalksTerminated',
      actor: 'RU',
      target: 'JP',
      occurredAt: '2022-03-21',
      details: { track: 'peace-treaty' },
    });
    expect(w.status).toBe(201);
    const r = await h.call('GET', '/v1/relations/RU/JP?asOf=2022-03-21');
    expect(r.body.talks).toEqual([expect.objectContaining({ track: 'peace-treaty', status: 'terminated', by: 'RU' })]);
  });
});
