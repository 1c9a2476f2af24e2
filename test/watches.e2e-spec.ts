import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, removeDir, RunningApp, startApp } from './support/app';
import { action, expectError, expectStatus, record } from './support/ledger';
import { ServiceProcess, startService } from './support/process';

const SECRET = 'a-shared-secret-of-the-newsroom';

interface Received {
  id: string;
  signature: string;
  raw: string;
  body: {
    watch: string;
    kind: string;
    position: number;
    event: { type: string; eventId: string };
    changes: unknown[];
    pair?: string[];
  };
}

/** A webhook receiver on loopback: answers each request with what `answer` says (a status, or never). */
async function receiver(answer: (n: number) => number | 'never' = () => 200) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const status = answer(++n);
      if (status === 'never') return;
      if (status < 300) {
        received.push({
          id: String(req.headers['x-chancery-delivery']),
          signature: String(req.headers['x-chancery-signature']),
          raw,
          body: JSON.parse(raw) as Received['body'],
        });
      }
      res.writeHead(status).end();
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { received, attempts: () => n, url: `http://127.0.0.1:${port}/hook`, port, close: () => server.close() };
}

const until = async (what: string, ok: () => boolean, ms = 20_000) => {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};

const signed = (r: Received) => r.signature === `sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`;

const ENV = { WATCH_ALLOWED_HOSTS: '127.0.0.1', WATCH_RETRY_MS: '100' };
const WRITER = 'writer-token-watches-0123';
const OTHER = 'writer-token-watches-4567';

// Watches are the service's, whatever the store: once, on the default one.
const describeOnce = process.env.E2E_EVENT_STORE === 'eventstoredb' ? describe.skip : describe;

describeOnce('watches', () => {
  describe('creating, reading and deleting', () => {
    let h: RunningApp;
    const auth = (token = WRITER) => ({ authorization: `Bearer ${token}` });
    beforeAll(async () => (h = await startApp({ ...ENV, API_TOKENS: `writer:${WRITER},writer:${OTHER}` })));
    afterAll(async () => {
      await h.close();
      removeDir(h.dataDir);
    });
    const create = (body: object, token = WRITER) => h.call('POST', '/v1/watches', body, auth(token));

    it.each<[string, object, string]>([
      ['neither pair nor country', { url: 'https://example.org/h', secret: SECRET }, 'exactly one of pair'],
      ['both', { pair: ['JP', 'RU'], country: 'RU', url: 'https://example.org/h', secret: SECRET }, 'exactly one'],
      ['a pair of one party', { pair: ['RU', 'RU'], url: 'https://example.org/h', secret: SECRET }, 'pair'],
      ['an unknown party', { country: 'XX', url: 'https://example.org/h', secret: SECRET }, 'country'],
      ['an unknown type', { country: 'RU', types: ['Nope'], url: 'https://example.org/h', secret: SECRET }, 'types'],
      ['plain http', { country: 'RU', url: 'http://example.org/h', secret: SECRET }, 'https'],
      ['a private address', { country: 'RU', url: 'https://10.1.2.3/h', secret: SECRET }, 'not a public address'],
      ['a metadata address', { country: 'RU', url: 'https://169.254.169.254/', secret: SECRET }, 'not a public'],
      ['loopback', { country: 'RU', url: 'https://[::1]:8443/h', secret: SECRET }, 'not a public address'],
      ['credentials in the URL', { country: 'RU', url: 'https://u:p@example.org/h', secret: SECRET }, 'credentials'],
      ['a short secret', { country: 'RU', url: 'https://example.org/h', secret: 'short' }, 'secret'],
    ])('refuses %s: a 400 naming it', async (_, body, message) => {
      expectError(await create(body), 400, message);
    });

    it('creates one for a writer, shows it without its secret, to its creator only, and deletes it', async () => {
      const res = expectStatus(await create({ pair: ['RU', 'JP'], url: 'https://example.org/h', secret: SECRET }), 201);
      expect(res.body).toMatchObject({ pair: ['JP', 'RU'], url: 'https://example.org/h', from: 0 });
      expect(res.text).not.toContain(SECRET);
      const path = `/v1/watches/${res.body.id}`;
      expect(expectStatus(await h.call('GET', path, undefined, auth()), 200).body).toEqual(res.body);
      expectStatus(await h.call('GET', path, undefined, auth(OTHER)), 404);
      expectStatus(await h.call('GET', path), 401);
      expectStatus(await h.call('DELETE', path, undefined, auth()), 204);
      expectStatus(await h.call('GET', path, undefined, auth()), 404);
      expectError(await h.call('GET', '/v1/watches/not-a-uuid', undefined, auth()), 400, 'UUID');
    });
  });

  describe('deliveries', () => {
    let h: RunningApp;
    let hook: Awaited<ReturnType<typeof receiver>>;
    beforeAll(async () => {
      // The first two attempts fail: the service retries, and keeps the order.
      hook = await receiver((n) => (n <= 2 ? 503 : 200));
      h = await startApp(ENV);
    });
    afterAll(async () => {
      hook.close();
      await h.close();
      removeDir(h.dataDir);
    });

    it('POSTs each action recorded about the pair after the watch began, signed, in log order, after failures', async () => {
      await record(h, action({ actor: 'JP', target: 'RU', occurredAt: '2022-01-01' })); // before the watch
      const watch = expectStatus(
        await h.call('POST', '/v1/watches', { pair: ['JP', 'RU'], url: hook.url, secret: SECRET }),
        201,
      ).body;
      const recorded = [];
      for (const day of ['2022-03-21', '2022-03-22', '2022-03-23']) {
        recorded.push(await record(h, action({ actor: 'RU', target: 'JP', occurredAt: day })));
      }
      await record(h, action({ actor: 'GB', target: 'RU', occurredAt: '2022-03-21' })); // another pair
      await until('three deliveries', () => hook.received.length === 3);
      expect(hook.received.map((r) => r.body.event.eventId)).toEqual(recorded.map((r) => r.eventId));
      expect(hook.received.map((r) => r.body.position)).toEqual(recorded.map((r) => r.position));
      expect(hook.received.every(signed)).toBe(true);
      expect(hook.received[0].body).toMatchObject({ watch: watch.id, kind: 'recorded' });
      expect(hook.received[0].body.changes).toEqual([expect.objectContaining({ area: 'talks', key: 'peace-treaty' })]);
      const { deliveries } = expectStatus(await h.call('GET', `/v1/watches/${watch.id}/deliveries`), 200).body;
      expect(deliveries.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
        ['delivered', 3],
        ['delivered', 1],
        ['delivered', 1],
      ]);
      expect(deliveries[0].lastError).toBeUndefined();
    });

    it('tells a country watch only of its types, and of a correction that changes the past', async () => {
      hook.received.length = 0;
      const watch = expectStatus(
        await h.call('POST', '/v1/watches', {
          country: 'IR',
          types: ['SanctionsImposed'],
          url: hook.url,
          secret: SECRET,
        }),
        201,
      ).body;
      await record(h, action({ type: 'TalksOpened', actor: 'US', target: 'IR', details: { track: 'jcpoa' } }));
      const pkg = await record(
        h,
        action({ type: 'SanctionsImposed', actor: 'US', target: 'IR', occurredAt: '2012-01-01' }),
      );
      const fix = { occurredAt: '2011-12-31', reason: 'dated a day early' };
      expectStatus(await h.call('POST', `/v1/events/${pkg.eventId}/correction`, fix), 201);
      await until('two deliveries', () => hook.received.filter((r) => r.body.watch === watch.id).length === 2);
      expect(hook.received.map((r) => r.body.event.type)).toEqual(['SanctionsImposed', 'ActionCorrected']);
    });

    it('refuses at delivery a name that resolves to a private address, and says so in the delivery log', async () => {
      const url = `https://localhost:${hook.port}/hook`;
      const watch = expectStatus(await h.call('POST', '/v1/watches', { country: 'CN', url, secret: SECRET }), 201).body;
      await record(h, action({ actor: 'CN', target: 'LT' }));
      const path = `/v1/watches/${watch.id}/deliveries`;
      for (let i = 0; i < 100; i++) {
        const [d] = (await h.call('GET', path)).body.deliveries;
        if (d?.attempts > 0) {
          expect(d).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/not a public address/) });
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no attempt was made');
    });
  });

  describe('what time alone changes: a package lapsing', () => {
    const TIMED_ENV = { ...ENV, WATCH_TICK_MS: '100' };
    const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
    const imposed = (expiresAt: string) =>
      action({
        type: 'SanctionsImposed',
        actor: 'US',
        target: 'IR',
        occurredAt: inMs(-60_000),
        details: { measures: [{ kind: 'financial' }], expiresAt },
      });
    const reached = (hook: Awaited<ReturnType<typeof receiver>>, watch: string) =>
      hook.received.filter((r) => r.body.kind === 'reached' && r.body.watch === watch);

    it('is told once when the expiry passes unrenewed, to the watches of its area, and not when renewed in time', async () => {
      const hook = await receiver();
      const h = await startApp(TIMED_ENV);
      const watch = async (body: object) =>
        expectStatus(await h.call('POST', '/v1/watches', { ...body, url: hook.url, secret: SECRET }), 201).body.id;
      const renewals = await watch({ pair: ['US', 'IR'], types: ['SanctionsRenewed'] });
      const talks = await watch({ country: 'IR', types: ['TalksOpened'] });
      const lapsing = await record(h, imposed(inMs(1500)));
      const renewed = await record(h, imposed(inMs(1500)));
      const renewal = action({
        type: 'SanctionsRenewed',
        actor: 'US',
        target: 'IR',
        occurredAt: inMs(-30_000),
        details: { sanctionsId: renewed.eventId, expiresAt: '2100-01-01' },
      });
      expectStatus(await h.call('POST', '/v1/events', renewal), 201);
      await until('the lapse', () => reached(hook, renewals).length > 0);
      await new Promise((r) => setTimeout(r, 1000)); // ten more ticks: told once
      const [told] = reached(hook, renewals);
      expect(reached(hook, renewals)).toHaveLength(1);
      expect(signed(told)).toBe(true);
      expect(told.body).toMatchObject({ pair: ['IR', 'US'] });
      expect(told.body.changes).toEqual([
        expect.objectContaining({
          area: 'sanctions',
          key: lapsing.eventId,
          to: expect.objectContaining({ status: 'lapsed' }),
        }),
      ]);
      expect(reached(hook, talks)).toEqual([]);
      await h.close();
      hook.close();
      removeDir(h.dataDir);
    });

    it('falling due while the service is down, is told after the restart', async () => {
      const hook = await receiver();
      const dir = mkdtempSync(join(tmpdir(), 'chancery-watches-'));
      let h = await startApp({ ...TIMED_ENV, WATCH_TICK_MS: '3600000' }, dir);
      const id = expectStatus(
        await h.call('POST', '/v1/watches', { country: 'IR', url: hook.url, secret: SECRET }),
        201,
      ).body.id;
      const lapsing = await record(h, imposed(inMs(500)));
      await h.close();
      await new Promise((r) => setTimeout(r, 1000));
      h = await startApp(TIMED_ENV, dir);
      await until('the lapse after the restart', () => reached(hook, id).length > 0);
      expect(reached(hook, id).map((r) => r.body.changes)).toEqual([
        [expect.objectContaining({ key: lapsing.eventId, to: expect.objectContaining({ status: 'lapsed' }) })],
      ]);
      await h.close();
      hook.close();
      removeDir(dir);
    });
  });

  describe('what time alone changes, across ticks and a restart', () => {
    const TIMED_ENV = { ...ENV, WATCH_TICK_MS: '100' };
    const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
    const sanctions = (actor: string, type: string, details: Record<string, unknown>) =>
      action({ type, actor, target: 'IR', occurredAt: inMs(-60_000), details });
    const imposed = (actor: string, expiresAt?: string) =>
      sanctions(actor, 'SanctionsImposed', { measures: [{ kind: 'financial' }], ...(expiresAt && { expiresAt }) });

    it('tells each lapse and each suspension ending by itself once, wherever the ticks and the restart fall', async () => {
      const hook = await receiver();
      const dir = mkdtempSync(join(tmpdir(), 'chancery-watches-'));
      let h = await startApp(TIMED_ENV, dir);
      const body = { country: 'IR', url: hook.url, secret: SECRET };
      const watch = expectStatus(await h.call('POST', '/v1/watches', body), 201).body.id;
      // Two pairs lapsing at one instant, then others a few ticks apart, and a suspension ending by itself.
      const expiry = inMs(800);
      const lapsing = [await record(h, imposed('US', expiry)), await record(h, imposed('GB', expiry))];
      lapsing.push(await record(h, imposed('FR', inMs(1200))), await record(h, imposed('US', inMs(1600))));
      const suspended = await record(h, imposed('DE'));
      const ends = inMs(1400);
      await record(h, sanctions('DE', 'SanctionsSuspended', { sanctionsId: suspended.eventId, until: ends }));
      // One falling due while the service is down (most likely), one after it is back: told once either way.
      lapsing.push(await record(h, imposed('CA', inMs(2500))), await record(h, imposed('AU', inMs(4500))));
      const reached = () => hook.received.filter((r) => r.body.kind === 'reached' && r.body.watch === watch);
      const told = () =>
        reached()
          .flatMap((r) => r.body.changes as { key: string; to: { status: string } }[])
          .map((c) => [c.key, c.to.status].join(' '));
      await until('the first lapses', () => told().length >= 3);
      await h.close();
      await new Promise((r) => setTimeout(r, 1500));
      h = await startApp(TIMED_ENV, dir);
      await until('every change', () => told().length >= lapsing.length + 1);
      await new Promise((r) => setTimeout(r, 1000)); // ten more ticks: nothing more
      expect(told().sort()).toEqual(
        [...lapsing.map((l) => `${l.eventId} lapsed`), `${suspended.eventId} active`].sort(),
      );
      // The two lapses of one instant are told at it, each with its pair.
      const lapsedAt = new Date(Date.parse(expiry) + 1).toISOString();
      const first = reached().filter((r) => (r.body as { at?: string }).at === lapsedAt);
      expect(first.map((r) => r.body.pair!.join('-')).sort()).toEqual(['GB-IR', 'IR-US']);
      await h.close();
      hook.close();
      removeDir(dir);
    }, 60_000);
  });

  it('a delivery due before a restart is made after it', async () => {
    let up = false;
    const hook = await receiver(() => (up ? 200 : 503));
    const dir = mkdtempSync(join(tmpdir(), 'chancery-watches-'));
    let h = await startApp(ENV, dir);
    expectStatus(await h.call('POST', '/v1/watches', { country: 'SA', url: hook.url, secret: SECRET }), 201);
    const saved = await record(h, action({ actor: 'SA', target: 'CA' }));
    await until('a refused attempt', () => hook.attempts() > 0);
    await h.close();
    up = true;
    h = await startApp(ENV, dir);
    await until('the delivery after the restart', () => hook.received.length === 1);
    expect(hook.received[0].body.event.eventId).toBe(saved.eventId);
    expect(signed(hook.received[0])).toBe(true);
    await h.close();
    hook.close();
    removeDir(dir);
  });

  it('a delivery cut by a kill is made again after the restart: at least once, in order', async () => {
    // The first attempt is never answered; the service is killed while it waits.
    const hook = await receiver((n) => (n === 1 ? 'never' : 200));
    const dir = mkdtempSync(join(tmpdir(), 'chancery-watches-'));
    let service: ServiceProcess = await startService(dir, ENV);
    const call = client(service.url);
    expectStatus(await call('POST', '/v1/watches', { country: 'QA', url: hook.url, secret: SECRET }), 201);
    const first = expectStatus(await call('POST', '/v1/events', action({ actor: 'SA', target: 'QA' })), 201).body;
    const second = expectStatus(await call('POST', '/v1/events', action({ actor: 'AE', target: 'QA' })), 201).body;
    await until('the attempt in flight', () => hook.attempts() === 1);
    service.child.kill('SIGKILL');
    await service.exited;
    service = await startService(dir, ENV);
    await until('both deliveries', () => hook.received.length === 2);
    expect(hook.received.map((r) => r.body.event.eventId)).toEqual([first.eventId, second.eventId]);
    expect(hook.received.every(signed)).toBe(true);
    service.child.kill('SIGTERM');
    await service.exited;
    hook.close();
    removeDir(dir);
  }, 60_000);
});
