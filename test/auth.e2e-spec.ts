import { ConfigError, loadConfig } from '../src/config/config';
import { action, bearer, expectError, expectStatus, logHead, useApp } from './support/ledger';

const WRITER = 'writer-token-0123456789abcdef';
const ADMIN = 'admin-token-fedcba9876543210';

describe('with API_TOKENS', () => {
  const app = useApp({ API_TOKENS: `writer:${WRITER},admin:${ADMIN}` });
  let talks: string;

  beforeAll(async () => {
    const res = await app.h.call(
      'POST',
      '/v1/events',
      action({ type: 'TalksOpened', actor: 'JP', target: 'RU', occurredAt: '2018-11-14' }),
      bearer(WRITER),
    );
    talks = expectStatus(res, 201).body.eventId;
  });

  describe('writes need a valid token: 401 otherwise, and nothing recorded', () => {
    const noAuth: Record<string, string> = {};
    it.each<[string, Record<string, string>]>([
      ['no Authorization header', noAuth],
      ['a wrong token', bearer('not-a-known-token-at-all-xyz')],
      ['a token that differs in one character', bearer(WRITER.slice(0, -1) + 'X')],
      ['the token without Bearer', { authorization: WRITER }],
      ['Basic auth', { authorization: `Basic ${Buffer.from(`writer:${WRITER}`).toString('base64')}` }],
      ['an empty bearer', { authorization: 'Bearer ' }],
    ])('%s → 401', async (_, headers) => {
      const head = await logHead(app.h);
      expectError(await app.h.call('POST', '/v1/events', action(), headers), 401);
      expectError(await app.h.call('POST', '/v1/events/batch', { events: [action()] }, headers), 401);
      expectError(await app.h.call('POST', `/v1/events/${talks}/retraction`, { reason: 'x' }, headers), 401);
      expectError(
        await app.h.call('POST', `/v1/events/${talks}/correction`, { reason: 'x', occurredAt: '2018-11-15' }, headers),
        401,
      );
      expect(await logHead(app.h)).toEqual(head);
    });
  });

  it('the writer token records: 201', async () => {
    expectStatus(await app.h.call('POST', '/v1/events', action(), bearer(WRITER)), 201);
    expectStatus(
      await app.h.call('POST', '/v1/events/batch', { events: [action({ type: 'ProtestLodged' })] }, bearer(WRITER)),
      201,
    );
  });

  it('the admin token may do all a writer may: 201', async () => {
    expectStatus(
      await app.h.call(
        'POST',
        '/v1/events',
        action({ type: 'ProtestLodged', actor: 'JP', target: 'RU' }),
        bearer(ADMIN),
      ),
      201,
    );
  });

  it('recordedBy names who recorded the event, never the token itself', async () => {
    const w = expectStatus(
      await app.h.call('POST', '/v1/events', action({ type: 'DiplomatsExpelled' }), bearer(WRITER)),
      201,
    ).body;
    const a = expectStatus(
      await app.h.call(
        'POST',
        '/v1/events',
        action({ type: 'DiplomatsExpelled', actor: 'JP', target: 'RU' }),
        bearer(ADMIN),
      ),
      201,
    ).body;
    const byWriter = expectStatus(await app.h.call('GET', `/v1/events/${w.eventId}`), 200);
    const byAdmin = expectStatus(await app.h.call('GET', `/v1/events/${a.eventId}`), 200);
    expect(byWriter.body.recordedBy).toEqual(expect.any(String));
    expect(byAdmin.body.recordedBy).toEqual(expect.any(String));
    expect(byWriter.body.recordedBy).not.toBe(byAdmin.body.recordedBy);
    expect(byWriter.body.recordedBy).toMatch(/writer/);
    expect(byAdmin.body.recordedBy).toMatch(/admin/);
    for (const res of [byWriter, byAdmin]) {
      expect(res.text).not.toContain(WRITER);
      expect(res.text).not.toContain(ADMIN);
    }
    const log = (await app.h.call('GET', '/v1/events?after=0&limit=1000')).body.events;
    expect(log.find((e: any) => e.eventId === w.eventId).recordedBy).toBe(byWriter.body.recordedBy);
  });

  it('retraction and correction with the writer token: 201', async () => {
    const { eventId } = expectStatus(
      await app.h.call('POST', '/v1/events', action({ type: 'ProtestLodged' }), bearer(WRITER)),
      201,
    ).body;
    expectStatus(
      await app.h.call(
        'POST',
        `/v1/events/${talks}/correction`,
        { occurredAt: '2018-11-15', reason: 'date' },
        bearer(WRITER),
      ),
      201,
    );
    expectStatus(
      await app.h.call('POST', `/v1/events/${eventId}/retraction`, { reason: 'duplicate' }, bearer(WRITER)),
      201,
    );
  });

  it('reads need no token', async () => {
    for (const path of [
      '/v1/relations/JP/RU',
      '/v1/relations/JP/RU/timeline',
      '/v1/relations/JP/RU/changes?from=2018-01-01&to=2022-12-31',
      '/v1/countries/JP/relations',
      `/v1/events/${talks}`,
      '/v1/events?after=0',
      '/v1/event-types',
      '/v1/projections',
      '/health',
    ]) {
      expectStatus(await app.h.call('GET', path), 200, path);
    }
  });

  it('an admin-only action with the writer token → 403; without a token → 401', async () => {
    expectError(await app.h.call('POST', '/v1/projections/rebuild', undefined, bearer(WRITER)), 403);
    expectError(await app.h.call('POST', '/v1/projections/rebuild', undefined, {}), 401);
  });
});

describe('without API_TOKENS', () => {
  const app = useApp();

  it('accepts writes from loopback without a token', async () => {
    const res = expectStatus(await app.h.call('POST', '/v1/events', action()), 201);
    expect(res.body.revision).toBe(0);
  });
});

describe('loadConfig', () => {
  const base = { DATA_DIR: '/tmp/chancery-config-test' };
  const configError = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      return e;
    }
    throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
  };

  it('NODE_ENV=production without tokens: a one-line ConfigError naming API_TOKENS', () => {
    const e = configError({ NODE_ENV: 'production' }) as Error;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain('API_TOKENS');
    expect(e.message).not.toContain('\n');
  });

  it('NODE_ENV=production with tokens loads, and does not keep the tokens in clear', () => {
    const config = loadConfig({ ...base, NODE_ENV: 'production', API_TOKENS: `writer:${WRITER}` });
    expect(config.production).toBe(true);
    expect(config.tokens.size).toBe(1);
    expect(JSON.stringify([...config.tokens])).not.toContain(WRITER);
  });

  it('the defaults: port 3000, the embedded store', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.eventStore).toBe('sqlite');
    expect(config.tokens.size).toBe(0);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a PORT that is not a number', { PORT: 'http' }, 'PORT'],
    ['a PORT out of range', { PORT: '70000' }, 'PORT'],
    ['PORT 0', { PORT: '0' }, 'PORT'],
    ['a negative PORT', { PORT: '-1' }, 'PORT'],
    ['API_TOKENS without a role', { API_TOKENS: WRITER }, 'API_TOKENS'],
    ['API_TOKENS with an unknown role', { API_TOKENS: `owner:${WRITER}` }, 'API_TOKENS'],
    ['API_TOKENS with a short token', { API_TOKENS: 'writer:short' }, 'API_TOKENS'],
    ['API_TOKENS with one good and one bad entry', { API_TOKENS: `writer:${WRITER},admin:` }, 'API_TOKENS'],
    ['EVENT_STORE=foo', { EVENT_STORE: 'foo' }, 'EVENT_STORE'],
    ['a LOG_LEVEL that does not exist', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['a RATE_LIMIT that is not a number', { RATE_LIMIT: 'many' }, 'RATE_LIMIT'],
    ['a LOG_FORMAT that does not exist', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    ['a METRICS_PORT out of range', { METRICS_PORT: '99999' }, 'METRICS_PORT'],
  ])('%s (%j): a one-line ConfigError naming %s', (_, env, variable) => {
    const e = configError(env) as Error;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain(variable);
    expect(e.message).not.toContain('\n');
  });

  it('a token never appears in a ConfigError', () => {
    const e = configError({ API_TOKENS: 'owner:a-secret-token-value-123' }) as Error;
    expect(e.message).not.toContain('a-secret-token-value-123');
  });
});
