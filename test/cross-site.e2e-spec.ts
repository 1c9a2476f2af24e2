import { request } from 'node:http';
import { action, bearer, logHead, useApp } from './support/ledger';

const WRITER = 'writer-token-0123456789abcdef';

/** A request with headers fetch will not send (Host) and a body as given; resolves with the status and body. */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };
const form = 'type=TalksTerminated&actor=RU&target=JP&occurredAt=2022-03-21&details[track]=peace-treaty';

describe('no ambient authority: without API_TOKENS, loopback trust is not lent to web pages', () => {
  const app = useApp();
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    raw(app.h.url, method, path, headers, body);
  let head: Awaited<ReturnType<typeof logHead>>;
  beforeEach(async () => (head = await logHead(app.h)));

  it('a form posted by another site records nothing (once a 201, recordedBy loopback)', async () => {
    const evil = { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' };
    expect((await send('POST', '/v1/events', evil, form)).status).toBe(403);
    // Nor without the Origin a browser sends: a form is no JSON.
    const noOrigin = await send('POST', '/v1/events', { 'content-type': 'application/x-www-form-urlencoded' }, form);
    expect(noOrigin).toMatchObject({ status: 415, body: { message: expect.stringContaining('JSON') } });
    const text = await send('POST', '/v1/events', { 'content-type': 'text/plain' }, JSON.stringify(action()));
    expect(text.status).toBe(415);
    expect(await logHead(app.h)).toEqual(head);
  });

  it('JSON, a retraction or a rebuild from a page of another site: 403 naming why (once 201 and 202)', async () => {
    const recorded = await app.h.call('POST', '/v1/events', action());
    expect(recorded.status).toBe(201);
    head = await logHead(app.h);
    const evil = { ...json, origin: 'https://evil.example' };
    const post = await send('POST', '/v1/events', evil, JSON.stringify(action()));
    expect(post).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('Origin: https://evil.example') },
    });
    const retract = `/v1/events/${recorded.body.eventId}/retraction`;
    expect((await send('POST', retract, evil, JSON.stringify({ reason: 'x' }))).status).toBe(403);
    expect((await send('POST', '/v1/projections/rebuild', { origin: 'https://evil.example' })).status).toBe(403);
    // A browser that sends no Origin still says where the request comes from.
    const fetchMetadata = await send('POST', '/v1/projections/rebuild', { 'sec-fetch-site': 'cross-site' });
    expect(fetchMetadata).toMatchObject({ status: 403, body: { message: expect.stringContaining('Sec-Fetch-Site') } });
    expect(await logHead(app.h)).toEqual(head);
    expect((await app.h.call('GET', '/v1/projections')).body.projections[0].rebuild).toBeUndefined();
  });

  it('a page of a domain rebound to this address (DNS rebinding) can neither read nor write: 421 (once 200 and 201)', async () => {
    const rebound = { host: 'evil.example:3000' };
    const read = await send('GET', '/v1/event-types', rebound);
    expect(read).toMatchObject({ status: 421, body: { message: expect.stringContaining('PUBLIC_HOSTNAMES') } });
    expect((await send('POST', '/v1/events', { ...rebound, ...json }, JSON.stringify(action()))).status).toBe(421);
    expect(await logHead(app.h)).toEqual(head);
  });

  it('curl from loopback keeps working: JSON with no Origin, a rebuild with no body, loopback names and addresses', async () => {
    expect((await send('POST', '/v1/events', json, JSON.stringify(action()))).status).toBe(201);
    const port = new URL(app.h.url).port;
    const sameOrigin = { ...json, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' };
    expect((await send('POST', '/v1/events', sameOrigin, JSON.stringify(action()))).status).toBe(201);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'app.localhost'])
      expect((await send('GET', '/v1/event-types', { host })).status).toBe(200);
    expect((await send('POST', '/v1/projections/rebuild', {})).status).toBe(202);
  });
});

describe('PUBLIC_HOSTNAMES, and the Host check with API_TOKENS', () => {
  const app = useApp({ PUBLIC_HOSTNAMES: 'ledger.example.org', API_TOKENS: `writer:${WRITER}` });
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    raw(app.h.url, method, path, headers, body);

  it('answers the names it is given, and no other', async () => {
    expect((await send('GET', '/health', { host: 'ledger.example.org' })).status).toBe(200);
    expect((await send('GET', '/v1/event-types', { host: 'LEDGER.example.org:443' })).status).toBe(200);
    expect((await send('GET', '/v1/event-types', { host: 'evil.example' })).status).toBe(421);
    const write = await send('POST', '/v1/events', { host: 'evil.example', ...json, ...bearer(WRITER) }, '{}');
    expect(write.status).toBe(421);
  });

  it('a token is no ambient authority: a write that carries one may come from any page', async () => {
    const headers = { ...json, ...bearer(WRITER), origin: 'https://news.example' };
    expect((await send('POST', '/v1/events', headers, JSON.stringify(action()))).status).toBe(201);
  });
});
