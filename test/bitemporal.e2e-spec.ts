import {
  action,
  at,
  expectError,
  expectStatus,
  inForce,
  justAfter,
  justBefore,
  readLog,
  record,
  sleep,
  useApp,
  uuid,
} from './support/ledger';

/** recordedAt has millisecond resolution: a pause keeps two writes apart in transaction time. */
const TICK = 5;

describe('valid time and transaction time', () => {
  const app = useApp();
  const state = async (path: string) => expectStatus(await app.h.call('GET', path), 200, `GET ${path}`).body;

  describe('an action recorded late with an earlier occurredAt (AU and CN)', () => {
    let downgrade: Awaited<ReturnType<typeof record>>;
    let recall: Awaited<ReturnType<typeof record>>;

    beforeAll(async () => {
      downgrade = await record(
        app.h,
        action({ type: 'DiplomaticRelationsDowngraded', actor: 'AU', target: 'CN', occurredAt: '2022-06-01' }),
      );
      await sleep(TICK);
      // Reported late: it happened months before the downgrade recorded first.
      recall = await record(
        app.h,
        action({ type: 'AmbassadorRecalled', actor: 'AU', target: 'CN', occurredAt: '2022-01-15' }),
      );
      expect(Date.parse(recall.recordedAt)).toBeGreaterThan(Date.parse(downgrade.recordedAt));
      expect(recall.revision).toBe(1);
    });

    it('counts in valid time from its occurredAt, not from when it was recorded', async () => {
      const before = await state('/v1/relations/CN/AU?asOf=2022-01-14');
      expect(before.ambassadors).toEqual([]);
      expect(before.eventCount).toBe(0);
      expect(before.lastEventAt).toBeNull();

      const after = await state('/v1/relations/CN/AU?asOf=2022-01-31');
      expect(after.pair).toEqual(['AU', 'CN']);
      expect(after.ambassadors).toEqual([
        expect.objectContaining({
          of: 'AU',
          in: 'CN',
          status: 'recalled',
          since: at('2022-01-15'),
          eventId: recall.eventId,
        }),
      ]);
      expect(after.diplomaticRelations.status).toBe('unrecorded');
      expect(after.eventCount).toBe(1);
      expect(after.lastEventAt).toEqual(at('2022-01-15'));

      const later = await state('/v1/relations/AU/CN?asOf=2022-06-01');
      expect(later.diplomaticRelations).toEqual(
        expect.objectContaining({ status: 'downgraded', since: at('2022-06-01'), eventId: downgrade.eventId }),
      );
      expect(later.ambassadors).toEqual([expect.objectContaining({ status: 'recalled' })]);
      expect(later.eventCount).toBe(2);
      expect(later.lastEventAt).toEqual(at('2022-06-01'));
    });

    it('knownAt before the late record answers without it; at its recordedAt, with it', async () => {
      const then = await state(`/v1/relations/AU/CN?asOf=2022-12-31&knownAt=${downgrade.recordedAt}`);
      expect(then.knownAt).toBe(downgrade.recordedAt);
      expect(then.revision).toBe(0);
      expect(then.diplomaticRelations.status).toBe('downgraded');
      expect(then.ambassadors).toEqual([]);
      expect(then.eventCount).toBe(1);

      const now = await state(`/v1/relations/AU/CN?asOf=2022-12-31&knownAt=${recall.recordedAt}`);
      expect(now.knownAt).toBe(recall.recordedAt);
      expect(now.revision).toBe(1);
      expect(now.ambassadors).toEqual([expect.objectContaining({ status: 'recalled', eventId: recall.eventId })]);
      expect(now.eventCount).toBe(2);
    });

    it('knownAt before anything was recorded answers the default state, revision -1', async () => {
      const s = await state(`/v1/relations/AU/CN?asOf=2022-12-31&knownAt=${justBefore(downgrade.recordedAt)}`);
      expect(s.revision).toBe(-1);
      expect(s.eventCount).toBe(0);
      expect(s.diplomaticRelations.status).toBe('unrecorded');
      expect(s.ambassadors).toEqual([]);
    });

    it('the timeline puts the late action first (valid-time order), and without it at the earlier knownAt', async () => {
      const now = await state('/v1/relations/AU/CN/timeline');
      expect(now.actions.map((a: any) => a.eventId)).toEqual([recall.eventId, downgrade.eventId]);
      const then = await state(`/v1/relations/AU/CN/timeline?knownAt=${downgrade.recordedAt}`);
      expect(then.actions.map((a: any) => a.eventId)).toEqual([downgrade.eventId]);
    });
  });

  describe('a retraction (CN and LT)', () => {
    let expelled: Awaited<ReturnType<typeof record>>;
    let retraction: any;

    beforeAll(async () => {
      expelled = await record(
        app.h,
        action({
          type: 'DiplomatsExpelled',
          actor: 'CN',
          target: 'LT',
          occurredAt: '2021-08-10',
          details: { count: 1 },
        }),
      );
      await sleep(TICK);
      const res = await app.h.call('POST', `/v1/events/${expelled.eventId}/retraction`, {
        reason: 'recorded in error',
      });
      retraction = expectStatus(res, 201, 'retraction').body;
    });

    it('answers like a write: its own event in the pair stream, next revision and position', () => {
      expect(retraction).toEqual(
        expect.objectContaining({
          eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          pair: ['CN', 'LT'],
          revision: expelled.revision + 1,
          position: expelled.position + 1,
          recordedAt: expect.any(String),
        }),
      );
      expect(Date.parse(retraction.recordedAt)).toBeGreaterThan(Date.parse(expelled.recordedAt));
    });

    it('at a knownAt before the retraction the action counts; at or after it, it does not', async () => {
      const then = await state(`/v1/relations/LT/CN?asOf=2021-12-31&knownAt=${expelled.recordedAt}`);
      expect(then.incidents.DiplomatsExpelled).toBe(1);
      expect(then.eventCount).toBe(1);
      expect(then.revision).toBe(0);

      const justBeforeRetraction = await state(
        `/v1/relations/LT/CN?asOf=2021-12-31&knownAt=${justBefore(retraction.recordedAt)}`,
      );
      expect(justBeforeRetraction.incidents.DiplomatsExpelled).toBe(1);

      for (const q of [`knownAt=${retraction.recordedAt}`, `knownAt=${justAfter(retraction.recordedAt)}`, '']) {
        const now = await state(`/v1/relations/LT/CN?asOf=2021-12-31&${q}`);
        expect(now.incidents.DiplomatsExpelled ?? 0).toBe(0);
        expect(now.eventCount).toBe(0);
        expect(now.revision).toBe(1);
      }
    });

    it('GET /v1/events/{id} shows the action as posted with retractedBy', async () => {
      const res = expectStatus(await app.h.call('GET', `/v1/events/${expelled.eventId}`), 200);
      expect(res.body).toEqual(
        expect.objectContaining({
          eventId: expelled.eventId,
          type: 'DiplomatsExpelled',
          actor: 'CN',
          target: 'LT',
          occurredAt: '2021-08-10',
          details: { count: 1 },
          recordedAt: expelled.recordedAt,
          position: expelled.position,
          pair: ['CN', 'LT'],
          revision: 0,
          retractedBy: retraction.eventId,
        }),
      );
      expect(res.body.correctedBy ?? []).toEqual([]);
    });

    it('the retraction is an ActionRetracted event of the same pair stream', async () => {
      const res = expectStatus(await app.h.call('GET', `/v1/events/${retraction.eventId}`), 200);
      expect(res.body).toEqual(
        expect.objectContaining({
          eventId: retraction.eventId,
          type: 'ActionRetracted',
          reason: 'recorded in error',
          pair: ['CN', 'LT'],
          revision: 1,
          position: retraction.position,
        }),
      );
    });

    it('the timeline marks the action retracted', async () => {
      const tl = await state('/v1/relations/CN/LT/timeline');
      const listed = tl.actions.find((a: any) => a.eventId === expelled.eventId);
      expect(listed).toEqual(expect.objectContaining({ retracted: true }));
      const then = await state(`/v1/relations/CN/LT/timeline?knownAt=${expelled.recordedAt}`);
      expect(then.actions.find((a: any) => a.eventId === expelled.eventId)).toEqual(
        expect.objectContaining({ retracted: false }),
      );
    });

    it('retracting twice is a 409, and records nothing', async () => {
      const before = (await readLog(app.h)).length;
      const res = await app.h.call('POST', `/v1/events/${expelled.eventId}/retraction`, { reason: 'again' });
      expectError(res, 409);
      expect((await readLog(app.h)).length).toBe(before);
    });

    it('correcting a retracted action is a 409, and records nothing', async () => {
      const before = (await readLog(app.h)).length;
      const res = await app.h.call('POST', `/v1/events/${expelled.eventId}/correction`, {
        occurredAt: '2021-08-11',
        reason: 'too late',
      });
      expectError(res, 409);
      expect((await readLog(app.h)).length).toBe(before);
    });

    it('a retraction retried with its eventId answers 200 with the first answer', async () => {
      const protest = await record(
        app.h,
        action({ type: 'ProtestLodged', actor: 'LT', target: 'CN', occurredAt: '2021-08-11' }),
      );
      const body = { reason: 'a duplicate of another record', eventId: uuid() };
      const first = expectStatus(await app.h.call('POST', `/v1/events/${protest.eventId}/retraction`, body), 201);
      const retry = expectStatus(await app.h.call('POST', `/v1/events/${protest.eventId}/retraction`, body), 200);
      expect(retry.body).toEqual(first.body);
      expect(first.body.eventId).toBe(body.eventId);
    });
  });

  describe('a correction (CN and LT): occurredAt moved and details replaced', () => {
    const oldMeasures = [{ kind: 'import_ban', description: 'Lithuanian goods blocked at customs' }];
    const newMeasures = [
      { kind: 'import_ban', description: 'Lithuanian goods removed from the customs register' },
      { kind: 'other', description: 'pressure on firms using Lithuanian parts', entities: ['Continental'] },
    ];
    const finalMeasures = [{ kind: 'import_ban', items: 1 }];
    let imposed: Awaited<ReturnType<typeof record>>;
    let correction: any;
    let second: any;

    beforeAll(async () => {
      imposed = await record(
        app.h,
        action({
          type: 'SanctionsImposed',
          actor: 'CN',
          target: 'LT',
          occurredAt: '2021-12-15',
          details: { measures: oldMeasures },
        }),
      );
      await sleep(TICK);
      const res = await app.h.call('POST', `/v1/events/${imposed.eventId}/correction`, {
        occurredAt: '2021-12-01',
        details: { measures: newMeasures },
        reason: 'the customs register changed on 1 December',
      });
      correction = expectStatus(res, 201, 'correction').body;
      await sleep(TICK);
      // Names details only: the corrected occurredAt stays.
      const res2 = await app.h.call('POST', `/v1/events/${imposed.eventId}/correction`, {
        details: { measures: finalMeasures },
        reason: 'simplified',
      });
      second = expectStatus(res2, 201, 'second correction').body;
    });

    const pkgOf = (s: any) => s.sanctions.filter((p: any) => p.id === imposed.eventId);

    it('answers like a write in the same pair stream', () => {
      expect(correction).toEqual(
        expect.objectContaining({ pair: ['CN', 'LT'], revision: imposed.revision + 1, position: imposed.position + 1 }),
      );
      expect(second.revision).toBe(imposed.revision + 2);
    });

    it('at a knownAt before the correction: the old occurredAt and details', async () => {
      const q = `knownAt=${imposed.recordedAt}`;
      expect(pkgOf(await state(`/v1/relations/CN/LT?asOf=2021-12-10&${q}`))).toEqual([]);
      expect(pkgOf(await state(`/v1/relations/CN/LT?asOf=2021-12-15&${q}`))).toEqual([
        expect.objectContaining({
          since: at('2021-12-15'),
          measures: inForce(oldMeasures, '2021-12-15'),
          status: 'active',
        }),
      ]);
    });

    it('at a knownAt after the correction: the new occurredAt and details', async () => {
      const q = `knownAt=${correction.recordedAt}`;
      expect(pkgOf(await state(`/v1/relations/CN/LT?asOf=2021-11-30&${q}`))).toEqual([]);
      expect(pkgOf(await state(`/v1/relations/CN/LT?asOf=2021-12-10&${q}`))).toEqual([
        expect.objectContaining({
          id: imposed.eventId,
          since: at('2021-12-01'),
          measures: inForce(newMeasures, '2021-12-01'),
          status: 'active',
        }),
      ]);
    });

    it('a later correction naming only details keeps the corrected occurredAt', async () => {
      expect(pkgOf(await state('/v1/relations/CN/LT?asOf=2021-12-10'))).toEqual([
        expect.objectContaining({ since: at('2021-12-01'), measures: inForce(finalMeasures, '2021-12-01') }),
      ]);
    });

    it('GET /v1/events/{id} shows correctedBy, in order', async () => {
      const res = expectStatus(await app.h.call('GET', `/v1/events/${imposed.eventId}`), 200);
      expect(res.body).toEqual(
        expect.objectContaining({
          eventId: imposed.eventId,
          type: 'SanctionsImposed',
          correctedBy: [correction.eventId, second.eventId],
        }),
      );
      expect(res.body.retractedBy).toBeUndefined();
      const c = expectStatus(await app.h.call('GET', `/v1/events/${correction.eventId}`), 200);
      expect(c.body).toEqual(
        expect.objectContaining({
          type: 'ActionCorrected',
          pair: ['CN', 'LT'],
          reason: 'the customs register changed on 1 December',
        }),
      );
    });

    it('the timeline shows the action at its corrected time', async () => {
      const tl = await state('/v1/relations/CN/LT/timeline?from=2021-11-01&to=2021-12-05');
      expect(tl.actions.map((a: any) => a.eventId)).toContain(imposed.eventId);
      const then = await state(
        `/v1/relations/CN/LT/timeline?from=2021-11-01&to=2021-12-05&knownAt=${imposed.recordedAt}`,
      );
      expect(then.actions.map((a: any) => a.eventId)).not.toContain(imposed.eventId);
    });

    it('details that do not fit the action type are a 400, and record nothing', async () => {
      const before = (await readLog(app.h)).length;
      const res = await app.h.call('POST', `/v1/events/${imposed.eventId}/correction`, {
        details: { measures: [{ kind: 'embargo-of-everything' }] },
        reason: 'bad',
      });
      expectError(res, 400, 'kind');
      expect((await readLog(app.h)).length).toBe(before);
    });
  });

  describe('unknown event ids', () => {
    const id = '5f0c1d2e-0000-4000-8000-00000000dead';
    it.each([
      ['POST', `/v1/events/${id}/retraction`, { reason: 'x' }],
      ['POST', `/v1/events/${id}/correction`, { occurredAt: '2022-01-01', reason: 'x' }],
      ['GET', `/v1/events/${id}`, undefined],
    ])('%s %s → 404', async (method, path, body) => {
      const before = (await readLog(app.h)).length;
      expectError(await app.h.call(method, path, body), 404, id);
      expect((await readLog(app.h)).length).toBe(before);
    });
  });

  describe('times: answers echo asOf and knownAt resolved', () => {
    let firstJuly: Awaited<ReturnType<typeof record>>;

    beforeAll(async () => {
      firstJuly = await record(
        app.h,
        action({ type: 'ProtestLodged', actor: 'NO', target: 'IS', occurredAt: '2022-07-01' }),
      );
      await record(
        app.h,
        action({
          type: 'DiplomatsExpelled',
          actor: 'NO',
          target: 'IS',
          occurredAt: '2022-07-02T01:00:00+02:00',
          details: { count: 2 },
        }),
      );
    });

    it('a date-only asOf or knownAt means the end of that day, UTC', async () => {
      const s = await state('/v1/relations/NO/IS?asOf=2022-03-21&knownAt=2022-03-21');
      expect(s.asOf).toBe('2022-03-21T23:59:59.999Z');
      expect(s.knownAt).toBe('2022-03-21T23:59:59.999Z');
      // Nothing was known in 2022: everything was recorded today.
      expect(s.revision).toBe(-1);
    });

    it('an asOf with an offset is echoed in UTC', async () => {
      const s = await state('/v1/relations/NO/IS?asOf=2022-03-21T10:00:00%2B03:00');
      expect(s.asOf).toBe('2022-03-21T07:00:00.000Z');
    });

    it('omitted: asOf is now and knownAt the recordedAt of the head of the log', async () => {
      const t0 = Date.now();
      const s = await state('/v1/relations/NO/IS');
      const t1 = Date.now();
      expect(Date.parse(s.asOf)).toBeGreaterThanOrEqual(t0 - 1);
      expect(Date.parse(s.asOf)).toBeLessThanOrEqual(t1 + 1);
      const log = await readLog(app.h);
      expect(s.knownAt).toBe(log[log.length - 1].recordedAt);
    });

    it('a date-only occurredAt takes effect at 00:00Z that day', async () => {
      expect((await state('/v1/relations/NO/IS?asOf=2022-06-30T23:59:59.999Z')).eventCount).toBe(0);
      const s = await state('/v1/relations/NO/IS?asOf=2022-07-01T00:00:00Z');
      expect(s.eventCount).toBe(1);
      expect(s.incidents.ProtestLodged).toBe(1);
      expect(s.lastEventAt).toEqual(at('2022-07-01'));
      expect(firstJuly.pair).toEqual(['IS', 'NO']);
    });

    it('an action announced with a future effective date counts only from that date', async () => {
      const future = await record(
        app.h,
        action({
          type: 'DiplomaticRelationsSevered',
          actor: 'IS',
          target: 'NO',
          occurredAt: '2099-01-01',
          details: undefined,
        }),
      );
      const now = await state('/v1/relations/NO/IS');
      expect(now.diplomaticRelations.status).toBe('unrecorded');
      expect(now.revision).toBe(future.revision);
      const then = await state('/v1/relations/NO/IS?asOf=2099-01-01');
      expect(then.diplomaticRelations).toEqual(
        expect.objectContaining({ status: 'severed', since: at('2099-01-01'), eventId: future.eventId }),
      );
    });

    it('an occurredAt with an offset counts at its UTC instant (01:00+02:00 is 23:00Z the day before)', async () => {
      expect((await state('/v1/relations/NO/IS?asOf=2022-07-01T22:59:59Z')).eventCount).toBe(1);
      const s = await state('/v1/relations/NO/IS?asOf=2022-07-01');
      expect(s.eventCount).toBe(2);
      expect(s.incidents.DiplomatsExpelled).toBe(1);
    });
  });
});
