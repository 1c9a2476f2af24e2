import { action, uuid } from './support/ledger';
import { removeDir, RunningApp, startApp } from './support/app';

interface Frame {
  id: number;
  data: any;
}

/** Opens the SSE feed and collects frames until `until` says stop; then closes the connection. */
async function readFeed(url: string, headers: Record<string, string>, until: (frames: Frame[]) => boolean) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const frames: Frame[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), 10_000);
  try {
    while (!until(frames)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id && data) frames.push({ id: Number(id), data: JSON.parse(data) });
      }
    }
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return frames;
}

describe('the live feed (server-sent events)', () => {
  let h: RunningApp;
  beforeAll(async () => (h = await startApp()));
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  const post = (over: object) => h.call('POST', '/v1/events', action({ eventId: uuid(), ...over }));

  it('catches up, follows live, and after a reconnect with Last-Event-ID delivers every action exactly once', async () => {
    for (let i = 0; i < 5; i++) expect((await post({ occurredAt: `2022-03-0${i + 1}` })).status).toBe(201);
    // First connection: the 5 recorded, then 3 more posted while it is open; drop it after position 6.
    const firstDone = readFeed(`${h.url}/v1/events/live?after=0`, {}, (f) => f.length >= 6);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 3; i++) expect((await post({ occurredAt: `2022-04-0${i + 1}` })).status).toBe(201);
    const first = await firstDone;
    expect(first.map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first[0].data).toMatchObject({ type: 'TalksTerminated', actor: 'RU', position: 1, pair: ['JP', 'RU'] });
    // Two more while disconnected, then reconnect from the last id seen.
    for (let i = 0; i < 2; i++) expect((await post({ occurredAt: `2022-05-0${i + 1}` })).status).toBe(201);
    const second = await readFeed(`${h.url}/v1/events/live`, { 'last-event-id': '6' }, (f) => f.length >= 4);
    const ids = [...first, ...second].map((f) => f.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set([...first, ...second].map((f) => f.data.eventId)).size).toBe(10);
  });

  it('filters by pair (either order) and by country', async () => {
    await post({
      type: 'DiplomatsExpelled',
      actor: 'GB',
      target: 'RU',
      occurredAt: '2018-03-14',
      details: { count: 23 },
    });
    await post({
      type: 'DiplomatsExpelled',
      actor: 'US',
      target: 'CN',
      occurredAt: '2018-03-26',
      details: { count: 1 },
    });
    const byPair = await readFeed(`${h.url}/v1/events/live?pair=RU,GB`, {}, (f) => f.length >= 1);
    expect(byPair.map((f) => f.data.pair)).toEqual([['GB', 'RU']]);
    const byCountry = await readFeed(`${h.url}/v1/events/live?country=CN`, {}, (f) => f.length >= 1);
    expect(byCountry.map((f) => f.data.actor)).toEqual(['US']);
  });

  it('rejects bad parameters with a 400 naming them', async () => {
    expect((await h.call('GET', '/v1/events/live?pair=JP')).body.message).toMatch(/pair/);
    // Given twice, a query parameter is a list: named, not a 500 (found by the chaos fuzz, seed 315810960).
    const twice = await h.call('GET', '/v1/events/live?pair=0&pair=lifted');
    expect([twice.status, twice.body.message]).toEqual([400, expect.stringMatching(/^pair: must be two codes/)]);
    expect((await h.call('GET', '/v1/events/live?country=xx')).body.message).toMatch(/country/);
    const bad = await h.call('GET', '/v1/events/live', undefined, { 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Last-Event-ID/);
  });
});
