import { removeDir, RunningApp, startApp } from './support/app';
import { action, uuid } from './support/ledger';

describe('POST /v1/events?dryRun=true', () => {
  let h: RunningApp;
  beforeAll(async () => (h = await startApp()));
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  const logSize = async () => (await h.call('GET', '/v1/events?after=0&limit=1000')).body.events.length;

  it('checks a valid action as a write would, and records nothing', async () => {
    const eventId = uuid();
    const r = await h.call('POST', '/v1/events?dryRun=true', action({ eventId }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ valid: true, eventId, pair: ['JP', 'RU'] });
    expect(await logSize()).toBe(0);
    expect((await h.call('GET', `/v1/events/${eventId}`)).status).toBe(404);
  });

  it('answers an invalid action with the same 4xx a write would', async () => {
    const r = await h.call('POST', '/v1/events?dryRun=true', action({ target: 'RU' }));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/target must differ from actor/);
    const lift = await h.call(
      'POST',
      '/v1/events?dryRun=true',
      action({ type: 'SanctionsLifted', details: { sanctionsId: uuid() } }),
    );
    expect(lift.status).toBe(422);
  });

  it('checks a batch whole, and records nothing', async () => {
    const r = await h.call('POST', '/v1/events/batch?dryRun=true', {
      events: [action(), action({ actor: 'GB', target: 'RU' })],
    });
    expect(r.status).toBe(200);
    expect(r.body.events.map((e: { pair: string[] }) => e.pair)).toEqual([
      ['JP', 'RU'],
      ['GB', 'RU'],
    ]);
    expect(await logSize()).toBe(0);
  });

  it('rejects a dryRun that is not true or false', async () => {
    const r = await h.call('POST', '/v1/events?dryRun=yes', action());
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/dryRun/);
  });
});
