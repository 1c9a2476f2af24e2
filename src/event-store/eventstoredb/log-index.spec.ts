import { IndexedEvent, LogMark, StoredLogIndex } from '../event-store.port';
import { LogEvent, LogIndex, PAGE } from './log-index';

/** A ledger of `n` events at byte-offset-like positions, with a server clock that goes back once, mid-way. */
function ledger(n: number): LogEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    eventId: `id-${i}`,
    stream: `pair-${i % 7}`,
    revision: Math.floor(i / 7),
    position: 1000 + 300 * i,
    createdAt: i === Math.floor(n / 2) ? 5 : 1000 + i,
  }));
}

/** The server's side: reads of the ledger, counted in events sent. */
function server(events: LogEvent[]) {
  const sent = { events: 0, reads: 0 };
  const read = (after: number, count: number) => {
    const page = events.filter((e) => e.position > after).slice(0, count);
    sent.events += page.length;
    sent.reads++;
    return Promise.resolve(page);
  };
  return { read, sent };
}

/** What a read store would hold after taking the first `n` events (each placed as the index places it). */
function readStore(placed: IndexedEvent[], n: number): StoredLogIndex & { take(n: number): void } {
  let held = placed.slice(0, n);
  return {
    take: (more) => (held = placed.slice(0, more)),
    last: () => held.at(-1),
    byEventId: (id) => held.find((e) => e.eventId === id),
    atOrBefore: (position) => held.filter((e) => e.position <= position).at(-1),
  };
}

const mark = ({ position, seq, recordedAt }: LogMark) => ({ position, seq, recordedAt });

describe('LogIndex: what EventStoreDB cannot answer, from the read store and the tail after it', () => {
  const events = ledger(5000);
  /** Every event placed from the start: the reference the index must agree with. */
  const placed = new LogIndex(server(events).read, Infinity).learn({ position: 0, seq: 0, recordedAt: 0 }, events);

  it('places events in log order: ordinals from 1, a recordedAt that never decreases', () => {
    expect(placed.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(placed.every((e, i) => i === 0 || e.recordedAt >= placed[i - 1].recordedAt)).toBe(true);
    expect(placed[2500].recordedAt).toBe(placed[2499].recordedAt); // the clock went back: raised
  });

  it('reads from the server only what the read store has not taken', async () => {
    const { read, sent } = server(events);
    const index = new LogIndex(read);
    index.use(readStore(placed, 4990));
    expect(await index.catchUp()).toBe(true);
    expect(sent.events).toBe(10);
    expect(index.byEventId('ID-4995')).toEqual(placed[4995]);
    expect(index.byEventId('id-10')).toEqual(placed[10]);
    expect(index.byEventId('id-5000')).toBeUndefined();
    expect(mark(await index.markAt(placed[4000].position + 1))).toEqual(mark(placed[4000]));
    expect(sent.events).toBe(10);
  });

  it('lets go of what the read store takes, and keeps the first event of an id', async () => {
    const repeated = [...events, { ...events[4995], revision: 1000, position: 1000 + 300 * 5000 }];
    const { read } = server(repeated);
    const stored = readStore(placed, 4990);
    const index = new LogIndex(read);
    index.use(stored);
    await index.catchUp();
    expect(index.byEventId('id-4995')?.position).toBe(placed[4995].position);
    stored.take(5000);
    expect(index.end.position).toBe(1000 + 300 * 5000);
    expect(index.byEventId('id-4995')?.position).toBe(placed[4995].position);
  });

  it('keeps at most its tail in memory: beyond, counts and recordedAt from marks, and reading on when asked', async () => {
    const { read, sent } = server(events);
    const index = new LogIndex(read, 1000);
    index.use(readStore(placed, 0));
    expect(await index.catchUp()).toBe(false); // full before the head
    expect(index.end.seq).toBe(1000);
    expect(index.byEventId('id-999')).toBeDefined();
    expect(index.byEventId('id-1000')).toBeUndefined();

    const head = events[4999].position;
    expect(mark(await index.markAt(head))).toEqual(mark(placed[4999]));
    const read1 = sent.events;
    expect(read1).toBeLessThanOrEqual(4000 + PAGE);
    // A rebuild's pages: each from the one before's last event, known as a mark.
    let after = placed[2999];
    const page = await read(after.position, 100);
    const learnt = index.learn(await index.markAt(after.position), page);
    expect(learnt.map(mark)).toEqual(placed.slice(3000, 3100).map(mark));
    after = learnt[99];
    expect(mark(await index.markAt(after.position))).toEqual(mark(placed[3099]));
    expect(mark(await index.markAt(head))).toEqual(mark(placed[4999]));
    expect(sent.events).toBe(read1 + 100);
    expect(index.end.seq).toBe(1000); // the tail did not grow past its limit
  });

  it('reads at most what it is allowed to look for a mark, and goes on from there at the next call', async () => {
    const { read, sent } = server(events);
    const index = new LogIndex(read, 1000);
    index.use(readStore(placed, 0));
    const head = events[4999].position;
    expect(await index.markAt(head, 2 * PAGE)).toBeUndefined();
    expect(sent.events).toBe(2 * PAGE);
    expect(await index.markAt(head, 2 * PAGE)).toBeUndefined();
    expect(sent.events).toBe(4 * PAGE);
    expect(mark((await index.markAt(head, 2 * PAGE))!)).toEqual(mark(placed[4999]));
    expect(sent.events).toBe(5 * PAGE);
  });
});
