import { StoredEvent } from '../event-store/event-store.port';
import { history } from '../../test/support/history';
import { Generation } from './generation';
import { RepeatedIdError } from './log-events';
import { startedRebuild, Refill } from './rebuild';

/** A log with one action of JP–RU recorded twice: the second time as a retried append a server took again. */
function logWithRepeat(between: StoredEvent[] = []) {
  const h = history();
  const first = h.action('TalksOpened', 'JP', 'RU', '2022-01-01', { track: 'peace-treaty' });
  h.action('TalksSuspended', 'JP', 'RU', '2022-02-01', { track: 'peace-treaty' });
  const [opened, suspended] = h.events as StoredEvent[];
  const log = [opened, suspended, ...between.map((e, i) => ({ ...e, position: 3 + i }))];
  log.push({ ...opened, revision: 2, position: log.length + 1, recordedAt: suspended.recordedAt + 1000 });
  return { log, first };
}

/** Events of a stream the ledger does not read (decode gives nothing): the log between two copies. */
const foreign = (count: number): StoredEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'Other',
    stream: 'other',
    revision: i,
    position: 0,
    recordedAt: Date.UTC(2022, 0, 1),
    data: {},
    metadata: {},
  }));

const actions = (g: Generation) => (g.db.prepare('SELECT count(*) AS n FROM actions').get() as { n: number }).n;
const rows = (g: Generation) => (g.db.prepare('SELECT count(*) AS n FROM log_events').get() as { n: number }).n;

describe('LogEvents: each event id folded once, and the index of the log', () => {
  it('keeps a later event under a recorded id without the id, and never hands it to the projections', () => {
    const { log, first } = logWithRepeat();
    const g = new Generation(':memory:');
    g.apply(log.slice(0, 2));
    g.apply(log.slice(2)); // the copy, in a later page
    expect(actions(g)).toBe(2);
    expect(g.checkpoint).toBe(3);
    expect(g.log.byEventId(first)).toMatchObject({ position: 1, seq: 1, revision: 0 });
    expect(g.log.last()).toEqual({ position: 3, seq: 3, recordedAt: log[2].recordedAt });
    g.close();
  });

  it('answers the last event at or before a position, with its ordinal and recordedAt', () => {
    const { log } = logWithRepeat();
    const g = new Generation(':memory:');
    g.apply(log.map((e, i) => ({ ...e, position: 10 * (i + 1) })));
    expect(g.log.atOrBefore(25)).toEqual({ position: 20, seq: 2, recordedAt: log[1].recordedAt });
    expect(g.log.atOrBefore(9)).toBeUndefined();
    expect(g.log.byEventId('not-an-id')).toBeUndefined();
    g.close();
  });

  it('catches a repeat among the recent ids while a generation fills, and has the index on ids once filled', async () => {
    const { log, first } = logWithRepeat(foreign(10));
    const g = new Generation(':memory:', true);
    g.apply(log.slice(0, 5));
    g.apply(log.slice(5));
    await g.finishFilling(() => Promise.resolve());
    expect(actions(g)).toBe(2);
    expect(rows(g)).toBe(log.length);
    expect(g.log.byEventId(first)).toMatchObject({ position: 1, seq: 1 });
    expect(g.log.last()).toEqual({ position: log.length, seq: log.length, recordedAt: log.at(-1)!.recordedAt });
    // Once filled, a rebuild's catch-up goes on by the index: the id again is kept without it.
    g.apply([{ ...log[0], revision: 3, position: log.length + 1 }]);
    expect(actions(g)).toBe(2);
    expect(g.log.last()).toMatchObject({ position: log.length + 1, seq: log.length + 1 });
    expect(g.log.byEventId(first)).toMatchObject({ position: 1, seq: 1 });
    g.close();
  });

  it('remembers the last `window` ids while it fills, however many came before, and forgets the older ones', async () => {
    const ids = foreign(25).map((e, i) => ({ ...e, position: i + 1 }));
    const again = (e: StoredEvent, position: number) => ({ ...e, revision: e.revision + 100, position });
    const g = new Generation(':memory:', true, 10);
    g.apply([...ids, again(ids[20], 26)]); // 5 events back: caught, kept without its id
    expect(g.db.prepare('SELECT position FROM log_events WHERE event_id IS NULL').all()).toEqual([{ position: 26 }]);
    g.apply([again(ids[5], 27)]); // 21 events back: beyond the window, so only the index on ids finds it
    await expect(g.finishFilling(() => Promise.resolve())).rejects.toThrow(RepeatedIdError);
    g.close();
  });

  it('fills again, each id checked by the index, when an id repeats beyond the window of recent ids', async () => {
    const { log, first } = logWithRepeat(foreign(20));
    const pages = {
      readAll: (after: number, limit: number) => Promise.resolve(log.filter((e) => e.position > after).slice(0, limit)),
      headPosition: () => Promise.resolve(log.length),
    };
    const opened: number[] = [];
    const progress = startedRebuild('test');
    const refill = new Refill(
      pages,
      (idWindow = 10) => (opened.push(idWindow), new Generation(':memory:', true, idWindow)),
      progress,
      () => Promise.resolve(),
    );
    await refill.fill();
    const g = await refill.finish();
    expect(opened).toEqual([10, 0]);
    expect(progress.processed).toBe(log.length);
    expect(actions(g)).toBe(2);
    expect(rows(g)).toBe(log.length);
    expect(g.log.byEventId(first)).toMatchObject({ position: 1 });
    g.close();
  });
});
