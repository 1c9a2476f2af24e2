import { BAD_ACTIONS, BAD_AMENDMENTS, BAD_QUERIES } from './support/bad-input';
import { action, ActionBody, expectError, logHead, record, useApp } from './support/ledger';

const MiB = 1024 * 1024;

describe('bad input: a 4xx JSON answer naming the field, never a stack trace, nothing recorded', () => {
  const app = useApp();
  let head: { count: number; last: number | null };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const jpSanctions = await record(
      app.h,
      action({
        type: 'SanctionsImposed',
        actor: 'JP',
        target: 'RU',
        occurredAt: '2022-03-08',
        details: { measures: [{ kind: 'export_ban', items: 300 }] },
      }),
    );
    const jpOnCn = await record(
      app.h,
      action({
        type: 'SanctionsImposed',
        actor: 'JP',
        target: 'CN',
        occurredAt: '2022-03-08',
        details: { measures: [{ kind: 'export_ban' }] },
      }),
    );
    const talks = await record(
      app.h,
      action({ type: 'TalksOpened', actor: 'JP', target: 'RU', occurredAt: '2018-11-14' }),
    );
    Object.assign(ids, { jpSanctions: jpSanctions.eventId, jpOnCn: jpOnCn.eventId, talks: talks.eventId });
  });

  beforeEach(async () => {
    head = await logHead(app.h);
  });

  afterEach(async () => {
    expect(await logHead(app.h)).toEqual(head);
  });

  describe('POST /v1/events', () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      app.h.call('POST', '/v1/events', body, headers);

    it.each(BAD_ACTIONS)('%s → 400', async (_, body, ...mentions) => {
      expectError(await post(body), 400, ...mentions.filter(Boolean));
    });

    it('malformed JSON → 400 saying so', async () => {
      expectError(await post('{"type": "TalksTerminated", "actor": '), 400, /JSON/i);
      expectError(await post('{"type": "TalksTerminated",}'), 400, /JSON/i);
    });

    it('an empty body → 400', async () => {
      const res = await app.h.call('POST', '/v1/events', '', { 'content-type': 'application/json' });
      expectError(res, 400);
    });

    it('a body that is not JSON → 4xx JSON', async () => {
      const res = await app.h.call('POST', '/v1/events', 'type=TalksTerminated', { 'content-type': 'text/plain' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectError(res, res.status);
    });

    it('a body over 1 MiB → 413', async () => {
      const res = await post(action({ summary: 'x'.repeat(MiB + 10) }));
      expectError(res, 413);
    });

    it('a body just under 1 MiB is not refused as too large: the 400 names the bad field', async () => {
      const res = await post(action({ colour: 'x'.repeat(MiB - 1024) }));
      expectError(res, 400, 'colour');
    });

    it('a batch over 16 MiB → 413', async () => {
      const events = Array.from({ length: 17 }, () => action({ summary: 'x'.repeat(MiB) }));
      expectError(await app.h.call('POST', '/v1/events/batch', { events }), 413);
    });

    describe('a sanctionsId that does not resolve → 422', () => {
      it.each<[string, () => ActionBody]>([
        [
          'an unknown id',
          () =>
            action({
              type: 'SanctionsLifted',
              actor: 'JP',
              target: 'RU',
              details: { sanctionsId: '2b1e4f44-7c1e-4f3a-9a51-0d0e7d5e9c11' },
            }),
        ],
        [
          'a package imposed by another actor',
          () =>
            action({ type: 'SanctionsLifted', actor: 'RU', target: 'JP', details: { sanctionsId: ids.jpSanctions } }),
        ],
        [
          'a package on another target',
          () => action({ type: 'SanctionsLifted', actor: 'JP', target: 'RU', details: { sanctionsId: ids.jpOnCn } }),
        ],
        [
          'an event that is no SanctionsImposed',
          () => action({ type: 'SanctionsLifted', actor: 'JP', target: 'RU', details: { sanctionsId: ids.talks } }),
        ],
      ])('%s', async (_, body) => {
        expectError(await post(body()), 422, 'sanctionsId');
      });
    });
  });

  describe('retractions and corrections', () => {
    it.each(BAD_AMENDMENTS)('%s → %p', async (_, path, body, status, field) => {
      expectError(await app.h.call('POST', path.replace('{talks}', ids.talks), body), status, field);
    });
  });

  describe('queries', () => {
    it.each(BAD_QUERIES)('GET %s → 400 naming %s', async (path, field) => {
      expectError(await app.h.call('GET', path), 400, field);
    });

    it.each<[string, ...string[]]>([
      ['/v1/relations/XX/RU'],
      ['/v1/relations/JP/XX'],
      ['/v1/relations/jp/RU', 'JP'],
      ['/v1/relations/JP/ru', 'RU'],
      ['/v1/relations/JPN/RUS'],
      ['/v1/relations/JP/JP'],
      ['/v1/relations/XX/RU/timeline'],
      ['/v1/relations/jp/RU/changes?from=2022-03-20&to=2022-03-22', 'JP'],
      ['/v1/countries/XX/relations'],
      ['/v1/countries/ru/relations', 'RU'],
    ])('GET %s → 400 (a lower-case code: the message suggests the upper case)', async (path, ...mentions) => {
      expectError(await app.h.call('GET', path), 400, ...mentions);
    });

    it('GET /v1/events/{id} with a non-UUID id → 400 naming eventId', async () => {
      expectError(await app.h.call('GET', '/v1/events/not-a-uuid'), 400, 'eventId');
      expectError(await app.h.call('GET', '/v1/events/12345'), 400, 'eventId');
    });
  });
});
