import { randomUUID } from 'node:crypto';
import { RecordAction, RetractAction } from '../domain/decide';
import { DomainError } from '../domain/errors';
import { InMemoryEventStore } from '../event-store/in-memory/in-memory-event-store';
import { EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port';
import { ReadModelProgress } from '../projections/read-model-progress';
import { LedgerWriter, WriteItem } from './ledger-writer';

const record = (
  type: RecordAction['type'],
  details: Record<string, unknown>,
  eventId = randomUUID(),
): RecordAction => ({
  kind: 'RecordAction',
  eventId,
  type,
  data: { actor: 'JP', target: 'RU', occurredAt: '2022-03-01', details },
});
const retract = (id: string): RetractAction => ({
  kind: 'RetractAction',
  eventId: randomUUID(),
  retracts: id,
  reason: 'r',
});
const item = (command: WriteItem['command'], path = '', expectedRevision?: number): WriteItem => ({
  command,
  path,
  expectedRevision,
});
const imposed = () => record('SanctionsImposed', { measures: [{ kind: 'export_ban' }] });

/** The writer on the in-memory store, with the read models as caught up as can be: no projector here. */
function setUp(store: EventStore = new InMemoryEventStore()) {
  const progress = new ReadModelProgress();
  progress.projected(Number.MAX_SAFE_INTEGER);
  return { store, progress, writer: new LedgerWriter(store, progress) };
}

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe('LedgerWriter', () => {
  it("appends each decision to its pair's stream and answers with its place, acknowledging the last position", async () => {
    const { writer, store, progress } = setUp();
    const acknowledged = jest.spyOn(progress, 'acknowledge');
    const a = imposed();
    const out = await writer.write([item(a), item(record('TalksOpened', { track: 't' }))], 'alice');
    expect(out.replayed).toBe(false);
    expect(out.answers.map((x) => [x.eventId === a.eventId, x.pair, x.revision, x.position])).toEqual([
      [true, ['JP', 'RU'], 0, 1],
      [false, ['JP', 'RU'], 1, 2],
    ]);
    expect(acknowledged).toHaveBeenLastCalledWith(2);
    expect((await store.readEvent(a.eventId))?.metadata).toEqual({ recordedBy: 'alice' });
  });

  it('answers a retry with the first answer, and a reused id with another body with a 409 naming the item', async () => {
    const { writer } = setUp();
    const a = imposed();
    const first = await writer.write([item(a)], 'alice');
    const again = await writer.write([item(a)], 'alice');
    expect(again).toEqual({ answers: first.answers, replayed: true });
    const other = { ...a, data: { ...a.data, occurredAt: '2022-03-02' } };
    const e = await rejection(writer.write([item(imposed()), item(other, 'events[1].')], 'alice'));
    expect(e.kind).toBe('conflict');
    expect(e.message).toMatch(/^events\[1\]\.eventId .* was already used for a different request/);
  });

  it("names a batch item's fields with its path, and records nothing of the batch", async () => {
    const { writer, store } = setUp();
    const bad = record('TalksOpened', { track: '' });
    const e = await rejection(writer.write([item(imposed(), 'events[0].'), item(bad, 'events[1].')], 'alice'));
    expect(e.message).toMatch(/^events\[1\]\.details\.track: /);
    expect(e.problems[0].field).toBe('events[1].details.track');
    expect(await store.headPosition()).toBe(0);
  });

  it('decides on what the batch decided before: a lift of a package imposed in the same batch', async () => {
    const { writer, store } = setUp();
    const pkg = imposed();
    await writer.write([item(pkg), item(record('SanctionsLifted', { sanctionsId: pkg.eventId }))], 'alice');
    expect((await store.readAll(0, 10)).map((e) => e.type)).toEqual(['SanctionsImposed', 'SanctionsLifted']);
  });

  it('guards a decision by the revision it read, and decides again when the stream moved meanwhile', async () => {
    const inner = new InMemoryEventStore();
    const { writer } = setUp(inner);
    const talks = record('TalksOpened', { track: 't' });
    await writer.write([item(talks)], 'alice');
    // Another writer's append lands between this writer's read and its append, once.
    const append = inner.append.bind(inner);
    let raced = false;
    jest.spyOn(inner, 'append').mockImplementation(async (requests) => {
      if (!raced) {
        raced = true;
        await append([
          {
            stream: 'pair-JP-RU',
            expectedRevision: 'any',
            events: [
              {
                eventId: randomUUID(),
                type: 'ProtestLodged',
                data: { actor: 'JP', target: 'RU', occurredAt: '2022-01-01', details: {} },
                metadata: {},
              },
            ],
          },
        ]);
      }
      return append(requests);
    });
    const out = await writer.write([item(retract(talks.eventId))], 'alice');
    expect(out.answers[0].revision).toBe(2);
    expect(raced).toBe(true);
  });

  it("passes the client's own stale expectedRevision on as a conflict, without deciding again", async () => {
    const { writer } = setUp();
    await writer.write([item(imposed())], 'alice');
    await expect(writer.write([item(imposed(), '', -1)], 'alice')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('checks a batch as a write would, recording nothing (a dry run)', async () => {
    const { writer, store } = setUp();
    const a = imposed();
    expect(await writer.check([item(a)])).toEqual([{ eventId: a.eventId, pair: ['JP', 'RU'] }]);
    const e = await rejection(writer.check([item(retract(randomUUID()))]));
    expect(e.kind).toBe('not-found');
    expect(await store.headPosition()).toBe(0);
  });
});
