import { action, expectError, expectStatus, logHead, readLog, record, useApp, uuid } from './support/ledger';

describe('idempotency and concurrency', () => {
  const app = useApp();
  const post = (body: unknown) => app.h.call('POST', '/v1/events', body);

  describe('idempotent retries', () => {
    it('the same eventId and body: 201, then 200 with the identical answer, recorded once', async () => {
      const body = action({
        eventId: uuid(),
        actor: 'KR',
        target: 'JP',
        type: 'ProtestLodged',
        occurredAt: '2022-02-22',
      });
      const first = expectStatus(await post(body), 201);
      expect(first.body).toEqual(
        expect.objectContaining({
          eventId: body.eventId,
          pair: ['JP', 'KR'],
          revision: 0,
          position: expect.any(Number),
          recordedAt: expect.any(String),
        }),
      );
      const head = await logHead(app.h);
      const retry = expectStatus(await post(body), 200);
      expect(retry.body).toEqual(first.body);
      const again = expectStatus(await post(JSON.parse(JSON.stringify(body))), 200);
      expect(again.body).toEqual(first.body);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('an eventId is a UUID, whatever its case: the upper-cased retry is the same write (once a second copy)', async () => {
      const id = uuid();
      const body = action({ eventId: id, actor: 'KR', target: 'JP', type: 'ProtestLodged', occurredAt: '2022-02-23' });
      const first = expectStatus(await post(body), 201);
      const head = await logHead(app.h);
      const retry = expectStatus(await post({ ...body, eventId: id.toUpperCase() }), 200);
      expect(retry.body).toEqual(first.body);
      expect(await logHead(app.h)).toEqual(head);
      expect(expectStatus(await app.h.call('GET', `/v1/events/${id.toUpperCase()}`), 200).body.eventId).toBe(id);
      // An id first given upper-cased is kept as the canonical lower case, and found by either.
      const upper = uuid().toUpperCase();
      const other = expectStatus(await post({ ...body, eventId: upper, occurredAt: '2022-02-24' }), 201);
      expect(other.body.eventId).toBe(upper.toLowerCase());
      const retraction = { reason: 'a duplicate', eventId: uuid().toUpperCase() };
      const retracted = expectStatus(await app.h.call('POST', `/v1/events/${upper}/retraction`, retraction), 201);
      expect(retracted.body.eventId).toBe(retraction.eventId.toLowerCase());
      expect((await app.h.call('GET', `/v1/events/${upper.toLowerCase()}`)).body.retractedBy).toBe(
        retracted.body.eventId,
      );
    });

    it('the same eventId with another body: 409, and nothing recorded', async () => {
      const body = action({
        eventId: uuid(),
        actor: 'KR',
        target: 'JP',
        type: 'ProtestLodged',
        occurredAt: '2022-03-01',
      });
      expectStatus(await post(body), 201);
      const head = await logHead(app.h);
      expectError(await post({ ...body, occurredAt: '2022-03-02' }), 409);
      expectError(await post({ ...body, details: { subject: 'another subject' } }), 409);
      expectError(await post({ ...body, summary: 'now with a summary' }), 409);
      expectError(await post({ ...body, actor: 'CN' }), 409);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('the same eventId and body with a now stale expectedRevision is still a retry: 200', async () => {
      const body = action({ eventId: uuid(), actor: 'KR', target: 'KP', type: 'ProtestLodged', expectedRevision: -1 });
      const first = expectStatus(await post(body), 201);
      expect(first.body.revision).toBe(0);
      const retry = expectStatus(await post(body), 200);
      expect(retry.body).toEqual(first.body);
      // expectedRevision is aside from the body: another value is still the same write.
      const other = expectStatus(await post({ ...body, expectedRevision: 0 }), 200);
      expect(other.body).toEqual(first.body);
    });

    it('20 concurrent copies of one write: one 201, the rest 200 with the same answer, recorded once', async () => {
      const body = action({
        eventId: uuid(),
        actor: 'IN',
        target: 'PK',
        type: 'DiplomatsExpelled',
        occurredAt: '2022-05-31',
      });
      const head = await logHead(app.h);
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(body)));
      expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
      const created = answers.find((a) => a.status === 201)!;
      for (const a of answers) expect(a.body).toEqual(created.body);
      const after = await logHead(app.h);
      expect(after.count).toBe(head.count + 1);
    });
  });

  describe('expectedRevision', () => {
    const pair = { actor: 'AM', target: 'AZ' };

    it('-1 for a new pair: 201 at revision 0; then 0: 201 at revision 1', async () => {
      const a = expectStatus(await post(action({ ...pair, type: 'TalksOpened', expectedRevision: -1 })), 201);
      expect(a.body.revision).toBe(0);
      const b = expectStatus(await post(action({ ...pair, type: 'TalksSuspended', expectedRevision: 0 })), 201);
      expect(b.body.revision).toBe(1);
      expect(b.body.position).toBeGreaterThan(a.body.position);
      const s = (await app.h.call('GET', '/v1/relations/AZ/AM')).body;
      expect(s.revision).toBe(1);
    });

    it.each([
      [-1, 'a pair that has events'],
      [0, 'an old revision'],
      [7, 'a revision from the future'],
    ])('stale expectedRevision %p (%s): 409 with currentRevision, nothing recorded', async (expectedRevision) => {
      const head = await logHead(app.h);
      const res = await post(action({ ...pair, type: 'TalksResumed', expectedRevision }));
      expectError(res, 409, 'expectedRevision');
      expect(res.body.currentRevision).toBe(1);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('the revision of the state answer is the one to pass as expectedRevision', async () => {
      const s = (await app.h.call('GET', '/v1/relations/AM/AZ')).body;
      const res = expectStatus(
        await post(action({ ...pair, type: 'TalksResumed', expectedRevision: s.revision })),
        201,
      );
      expect(res.body.revision).toBe(s.revision + 1);
    });

    it('ten concurrent writers with the same expectedRevision: exactly one wins, the others get 409', async () => {
      const s = (await app.h.call('GET', '/v1/relations/AM/AZ')).body;
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post(
            action({
              ...pair,
              type: 'ProtestLodged',
              details: { subject: `protest ${i}` },
              expectedRevision: s.revision,
            }),
          ),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.currentRevision).toBe(s.revision + 1);
      const after = (await app.h.call('GET', '/v1/relations/AM/AZ')).body;
      expect(after.revision).toBe(s.revision + 1);
    });
  });

  describe('50 concurrent writers on one pair', () => {
    let answers: Awaited<ReturnType<typeof post>>[];
    let logBefore: number;

    beforeAll(async () => {
      logBefore = (await readLog(app.h)).length;
      answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          post(
            action({
              type: 'ProtestLodged',
              actor: i % 2 ? 'US' : 'CN',
              target: i % 2 ? 'CN' : 'US',
              occurredAt: `2022-08-${String((i % 28) + 1).padStart(2, '0')}`,
              details: { subject: `writer ${i}` },
            }),
          ),
        ),
      );
    });

    it('all 201', () => {
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    });

    it('revisions 0..49, each exactly once; positions distinct', () => {
      expect(answers.map((a) => a.body.revision).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 50 }, (_, i) => i),
      );
      expect(new Set(answers.map((a) => a.body.position)).size).toBe(50);
      expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(50);
      expect(answers.every((a) => a.body.pair[0] === 'CN' && a.body.pair[1] === 'US')).toBe(true);
    });

    it('the log holds exactly those 50 events, in revision order along the log, none lost or doubled', async () => {
      const res = expectStatus(await app.h.call('GET', '/v1/events?after=0&limit=1000'), 200);
      const log: any[] = res.body.events;
      expect(log).toHaveLength(logBefore + 50);
      const ours = log.filter((e) => e.pair[0] === 'CN' && e.pair[1] === 'US');
      expect(ours).toHaveLength(50);
      expect(ours.map((e) => e.eventId).sort()).toEqual(answers.map((a) => a.body.eventId).sort());
      expect(ours.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      for (const a of answers) {
        const e = ours.find((x) => x.eventId === a.body.eventId);
        expect({ revision: e.revision, position: e.position, recordedAt: e.recordedAt }).toEqual({
          revision: a.body.revision,
          position: a.body.position,
          recordedAt: a.body.recordedAt,
        });
      }
    });

    it('the log positions are gap-free and recordedAt never decreases', async () => {
      const log = await readLog(app.h);
      expect(log.map((e) => e.position)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
      for (let i = 1; i < log.length; i++) {
        expect(Date.parse(log[i].recordedAt)).toBeGreaterThanOrEqual(Date.parse(log[i - 1].recordedAt));
      }
    });

    it('the state folds all 50', async () => {
      const s = expectStatus(await app.h.call('GET', '/v1/relations/US/CN'), 200).body;
      expect(s.eventCount).toBe(50);
      expect(s.revision).toBe(49);
      expect(s.incidents.ProtestLodged).toBe(50);
    });
  });

  describe('batch retries', () => {
    const batch = () => ({
      events: [
        action({
          eventId: 'c0ffee00-0000-4000-8000-000000000001',
          actor: 'EE',
          target: 'RU',
          type: 'DiplomatsExpelled',
        }),
        action({
          eventId: 'c0ffee00-0000-4000-8000-000000000002',
          actor: 'LV',
          target: 'RU',
          type: 'DiplomatsExpelled',
        }),
        action({ eventId: 'c0ffee00-0000-4000-8000-000000000003', actor: 'RU', target: 'EE', type: 'ProtestLodged' }),
      ],
    });

    it('a batch retried: 201, then 200 with the identical answers, recorded once', async () => {
      const first = expectStatus(await app.h.call('POST', '/v1/events/batch', batch()), 201);
      expect(first.body.events).toHaveLength(3);
      const head = await logHead(app.h);
      const retry = expectStatus(await app.h.call('POST', '/v1/events/batch', batch()), 200);
      expect(retry.body).toEqual(first.body);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('a batch with one new action and known ones: 201; the known ones answer as first recorded', async () => {
      const first = (await app.h.call('POST', '/v1/events/batch', batch())).body.events;
      const extra = action({ eventId: uuid(), actor: 'LT', target: 'RU', type: 'DiplomatsExpelled' });
      const res = expectStatus(
        await app.h.call('POST', '/v1/events/batch', { events: [...batch().events, extra] }),
        201,
      );
      expect(res.body.events.slice(0, 3)).toEqual(first);
      expect(res.body.events[3].eventId).toBe(extra.eventId);
    });

    it('a batch reusing a recorded eventId with another body: 409, nothing recorded', async () => {
      const head = await logHead(app.h);
      const events = batch().events;
      events[1] = { ...events[1], occurredAt: '2022-04-05' };
      const fresh = action({ eventId: uuid(), actor: 'PL', target: 'RU', type: 'DiplomatsExpelled' });
      expectError(await app.h.call('POST', '/v1/events/batch', { events: [fresh, ...events] }), 409);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('a single write retried after being recorded by a batch: 200 with the batch answer', async () => {
      const first = (await app.h.call('POST', '/v1/events/batch', batch())).body.events;
      const res = expectStatus(await post(batch().events[2]), 200);
      expect(res.body).toEqual(first[2]);
      await record(app.h, action({ actor: 'RU', target: 'EE', type: 'ProtestLodged', occurredAt: '2022-04-06' }));
    });
  });
});
