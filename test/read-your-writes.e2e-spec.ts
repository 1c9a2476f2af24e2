import { Subscription, SubscriptionHandler } from '../src/event-store/event-store.port';
import { InMemoryEventStore } from '../src/event-store/in-memory/in-memory-event-store';
import { removeDir, RunningApp, startApp } from './support/app';
import { describeSqlite } from './support/sqlite-only';

/** The log's subscriptions deliver only while the gate is open: the projector falls behind on demand. */
class GatedStore extends InMemoryEventStore {
  private gate: Promise<void> = Promise.resolve();
  release: () => void = () => undefined;

  hold() {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  override subscribe(after: number, handler: SubscriptionHandler): Subscription {
    return super.subscribe(after, async (events) => {
      await this.gate;
      await handler(events);
    });
  }
}

// The store is this suite's own, so the eventstoredb jest project has nothing to add.
describeSqlite('read-your-writes: a write answers once durable, a read waits for the projection of it', () => {
  const store = new GatedStore();
  let h: RunningApp;
  const call = (method: string, path: string, body?: unknown) => h.call(method, path, body);
  const protest = (occurredAt: string) =>
    call('POST', '/v1/events', { type: 'ProtestLodged', actor: 'RU', target: 'JP', occurredAt });

  beforeAll(async () => {
    h = await startApp({}, undefined, store);
  });
  afterAll(async () => {
    store.release();
    await h.close();
    removeDir(h.dataDir);
  });

  it('answers the writes while the projector is held, and every read of the read models waits for them', async () => {
    const imposed = await call('POST', '/v1/events', {
      type: 'SanctionsImposed',
      actor: 'JP',
      target: 'RU',
      occurredAt: '2022-03-01',
      details: { measures: [{ kind: 'asset_freeze' }] },
    });
    expect(imposed.status).toBe(201);
    const id = imposed.body.eventId as string;

    store.hold();
    // Both writes answer although the projector cannot take them: they are durable, not yet projected.
    const retracted = await call('POST', `/v1/events/${id}/retraction`, { reason: 'reported in error' });
    expect(retracted.status).toBe(201);
    const terminated = await call('POST', '/v1/events', {
      type: 'TalksTerminated',
      actor: 'RU',
      target: 'JP',
      occurredAt: '2022-03-21',
      details: { track: 'peace-treaty' },
    });
    expect(terminated.status).toBe(201);

    const answered: string[] = [];
    const read = (path: string) =>
      call('GET', path).then((res) => {
        answered.push(path);
        return res;
      });
    const reads = Promise.all([
      read('/v1/relations/RU/JP?asOf=2022-03-22'),
      read('/v1/relations/JP/RU/timeline'),
      read('/v1/relations/JP/RU/changes?from=2022-03-20&to=2022-03-22'),
      read('/v1/relations/JP/RU/index'),
      read('/v1/countries/RU/relations?asOf=2022-03-22'),
      read(`/v1/events/${id}`),
      read('/v1/events?after=0'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toEqual([]);
    // The status of the read models answers at once: it reports the backlog rather than waiting for it.
    const held = await call('GET', '/v1/projections');
    expect(held.status).toBe(200);
    expect(held.body.projections[0].lag).toBeGreaterThan(0);
    store.release();
    const [state, timeline, changes, index, country, event, log] = await reads;
    const projections = await call('GET', '/v1/projections');

    for (const res of [state, timeline, changes, index, country, event, log, projections]) expect(res.status).toBe(200);
    expect(state.body.sanctions).toEqual([]);
    expect(state.body.talks).toEqual([expect.objectContaining({ track: 'peace-treaty', status: 'terminated' })]);
    expect(timeline.body.actions).toEqual([
      expect.objectContaining({ eventId: id, retracted: true }),
      expect.objectContaining({ eventId: terminated.body.eventId, retracted: false }),
    ]);
    expect(JSON.stringify(changes.body.changes)).toMatch(/peace-treaty/);
    expect(JSON.stringify(index.body)).toContain(terminated.body.eventId);
    expect(country.body.counterparts).toEqual([
      expect.objectContaining({ counterpart: 'JP', talks: [expect.objectContaining({ status: 'terminated' })] }),
    ]);
    expect(event.body.retractedBy).toBe(retracted.body.eventId);
    expect(log.body.events[0].retractedBy).toBe(retracted.body.eventId);
    expect(projections.body.projections[0]).toMatchObject({ lag: 0, checkpoint: terminated.body.position });
  });

  it('/health waits a moment for the projection of a write just answered', async () => {
    store.hold();
    const w = await protest('2022-03-22');
    expect(w.status).toBe(201);
    const health = call('GET', '/health');
    setTimeout(() => store.release(), 100);
    expect((await health).status).toBe(200);
  });

  it('/health gives up after a moment and says the projection is behind', async () => {
    store.hold();
    const w = await protest('2022-03-23');
    expect(w.status).toBe(201);
    const health = await call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.message).toMatch(/projections: relations is 1 events behind/);
    store.release();
  });
});
