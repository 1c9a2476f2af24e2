import { BAD_QUALIFIERS } from './support/bad-input';
import { action, expectError, expectStatus, justBefore, logHead, record, useApp, uuid } from './support/ledger';

// Qualifiers and links on every action: formality, a month- or year-precise valid time, the announcement date,
// what it answered, tags. On both stores.
describe('qualifiers and links', () => {
  const app = useApp();
  const get = async (path: string) => expectStatus(await app.h.call('GET', path), 200).body;
  let office: Awaited<ReturnType<typeof record>>;
  let block: Awaited<ReturnType<typeof record>>;

  beforeAll(async () => {
    office = await record(
      app.h,
      action({
        type: 'MissionOpened',
        actor: 'TW',
        target: 'LT',
        occurredAt: '2021-11-18',
        details: { mission: 'representative-office', city: 'Vilnius' },
      }),
    );
    block = await record(
      app.h,
      action({
        type: 'SanctionsImposed',
        actor: 'CN',
        target: 'LT',
        occurredAt: '2021-12',
        datePrecision: 'month',
        formality: 'denied',
        announcedAt: '2021-12-02',
        inResponseTo: [office.eventId.toUpperCase()],
        tags: ['economic-coercion'],
        details: { measures: [{ kind: 'import_ban', description: 'customs stop clearing Lithuanian goods' }] },
      }),
    );
  });

  it('echoes them on the event: the precision its occurredAt has, formal unless said', async () => {
    expect(await get(`/v1/events/${block.eventId}`)).toMatchObject({
      occurredAt: '2021-12',
      datePrecision: 'month',
      formality: 'denied',
      announcedAt: '2021-12-02',
      inResponseTo: [office.eventId],
      tags: ['economic-coercion'],
    });
    const plain = await get(`/v1/events/${office.eventId}`);
    expect(plain).toMatchObject({ formality: 'formal', datePrecision: 'day' });
    expect(plain).not.toHaveProperty('inResponseTo');
  });

  it('folds a month at its start: not in force on 30 November, in force on 1 December', async () => {
    expect((await get('/v1/relations/CN/LT?asOf=2021-11-30')).sanctions).toEqual([]);
    expect((await get('/v1/relations/CN/LT?asOf=2021-12-01')).sanctions).toEqual([
      expect.objectContaining({ id: block.eventId, since: '2021-12' }),
    ]);
  });

  it('the timeline shows what an action answered and what answered it, across pairs, as known then', async () => {
    const [answer] = (await get('/v1/relations/CN/LT/timeline')).actions;
    expect(answer).toMatchObject({
      eventId: block.eventId,
      formality: 'denied',
      datePrecision: 'month',
      respondsTo: [
        { eventId: office.eventId, type: 'MissionOpened', actor: 'TW', target: 'LT', occurredAt: '2021-11-18' },
      ],
      respondedBy: [],
    });
    const [answered] = (await get('/v1/relations/LT/TW/timeline')).actions;
    expect(answered.respondedBy).toEqual([
      { eventId: block.eventId, type: 'SanctionsImposed', actor: 'CN', target: 'LT', occurredAt: '2021-12' },
    ]);
    const before = await get(
      `/v1/relations/LT/TW/timeline?knownAt=${encodeURIComponent(justBefore(block.recordedAt))}`,
    );
    expect(before.actions[0].respondedBy).toEqual([]);
  });

  it('a correction replaces a qualifier; the timeline as known before it shows the old one', async () => {
    const fix = expectStatus(
      await app.h.call('POST', `/v1/events/${block.eventId}/correction`, {
        formality: 'informal',
        tags: ['economic-coercion', 'taiwan'],
        reason: 'Beijing never announced it; the denial came later',
      }),
      201,
    ).body;
    const now = (await get('/v1/relations/CN/LT/timeline')).actions[0];
    expect(now).toMatchObject({
      formality: 'informal',
      tags: ['economic-coercion', 'taiwan'],
      correctedBy: [fix.eventId],
    });
    const then = (await get(`/v1/relations/CN/LT/timeline?knownAt=${encodeURIComponent(justBefore(fix.recordedAt))}`))
      .actions[0];
    expect(then).toMatchObject({ formality: 'denied', tags: ['economic-coercion'] });
    // The event as posted keeps its own.
    expect((await get(`/v1/events/${block.eventId}`)).formality).toBe('denied');
  });

  it('a retry that says formal, or the precision its date has, is the same request', async () => {
    const body = action({ actor: 'LT', target: 'CN', occurredAt: '2022-01', eventId: uuid() });
    const first = expectStatus(await app.h.call('POST', '/v1/events', body), 201).body;
    const again = await app.h.call('POST', '/v1/events', { ...body, formality: 'formal', datePrecision: 'month' });
    expect(expectStatus(again, 200).body).toEqual(first);
  });

  describe('refused, naming the field, recording nothing', () => {
    let head: Awaited<ReturnType<typeof logHead>>;
    beforeEach(async () => (head = await logHead(app.h)));
    afterEach(async () => expect(await logHead(app.h)).toEqual(head));

    it('an answer to an action the ledger does not know → 422', async () => {
      const res = await app.h.call('POST', '/v1/events', action({ inResponseTo: [uuid()] }));
      expectError(res, 422, 'inResponseTo[0]', 'no action the ledger knows');
    });

    it('an answer to a retraction, in a batch → 422 naming the item', async () => {
      const victim = await record(app.h, action({ actor: 'JP', target: 'KR', occurredAt: '2019-07-01' }));
      const retraction = expectStatus(
        await app.h.call('POST', `/v1/events/${victim.eventId}/retraction`, { reason: 'test' }),
        201,
      ).body;
      head = await logHead(app.h);
      const res = await app.h.call('POST', '/v1/events/batch', {
        events: [action(), action({ inResponseTo: [retraction.eventId] })],
      });
      expectError(res, 422, 'events[1].inResponseTo[0]', 'retraction or correction');
      const retracted = await app.h.call('POST', '/v1/events', action({ inResponseTo: [victim.eventId] }));
      expectError(retracted, 422, 'inResponseTo[0]', 'was retracted');
    });

    it.each(BAD_QUALIFIERS)('%s → 400', async (_, over, ...mentions) => {
      expectError(await app.h.call('POST', '/v1/events', action(over)), 400, ...mentions);
    });

    it('a correction that names nothing to change, or links an action to itself', async () => {
      expectError(
        await app.h.call('POST', `/v1/events/${office.eventId}/correction`, { reason: 'x' }),
        400,
        'at least one of',
      );
      expectError(
        await app.h.call('POST', `/v1/events/${office.eventId}/correction`, {
          inResponseTo: [office.eventId],
          reason: 'x',
        }),
        422,
        'inResponseTo[0]',
        'itself',
      );
      expectError(
        await app.h.call('POST', `/v1/events/${office.eventId}/correction`, { formality: 'rumoured', reason: 'x' }),
        400,
        'formality',
      );
    });
  });
});
