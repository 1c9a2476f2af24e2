import { closeSync, fsyncSync, openSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { decode } from '../domain/events';
import { StoredEvent } from '../event-store/event-store.port';
import { ID_WINDOW, LogEvents } from './log-events';
import { openReadStore } from './read-store';
import { RelationsProjection } from './relations.projection';

const NAME = 'relations';

/**
 * One generation of the read models: a read-store file, the projection writing it and
 * its checkpoint. Rows and checkpoint are written in one transaction, so a crash can
 * neither skip nor double an event. A rebuild fills a new generation beside the live one.
 */
export class Generation {
  readonly db: Database;
  /** The events received, each id once: what the projections fold, and the EventStoreDB adapter's index. */
  readonly log: LogEvents;
  checkpoint: number;
  private readonly project: (events: StoredEvent[]) => void;
  /** Folds the snapshots of the pairs changed since the last call; once caught up with the log. */
  readonly settle: () => void;
  private readonly projection: RelationsProjection;

  /**
   * `filling`: a generation being rebuilt, thrown away if the process dies before the swap,
   * so it skips fsyncs until `sealed()`, and fills in bulk until `finishFilling()`; `idWindow`: how many recent ids
   * it checks a new one against while it fills, 0 for the index on ids (LogEvents).
   */
  constructor(
    readonly file: string,
    filling = false,
    idWindow = ID_WINDOW,
  ) {
    this.db = openReadStore(file, filling);
    const log = (this.log = new LogEvents(this.db, { filling, idWindow }));
    const projection = new RelationsProjection(this.db, { filling });
    this.projection = projection;
    this.settle = this.db.transaction(() => projection.settle());
    this.db.prepare('INSERT OR IGNORE INTO checkpoints (name, position) VALUES (?, 0)').run(NAME);
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(NAME) as { position: number };
    this.checkpoint = row.position;
    const save = this.db.prepare('UPDATE checkpoints SET position = ? WHERE name = ?');
    this.project = this.db.transaction((events: StoredEvent[]) => {
      projection.apply(log.record(events).flatMap((e) => decode(e) ?? []));
      save.run(events[events.length - 1].position, NAME);
    });
  }

  /** Applies the events it has not seen yet (a swapped-in generation may be ahead of the feed). */
  apply(events: StoredEvent[]): void {
    const fresh = events.filter((e) => e.position > this.checkpoint);
    if (!fresh.length) return;
    this.project(fresh);
    this.checkpoint = fresh[fresh.length - 1].position;
  }

  /**
   * A rebuild's long steps, a transaction each, with `between` awaited after each so that the
   * service keeps answering: ending the bulk fill (sorting, indexing, deferred amendments),
   * then folding every pair's snapshots.
   */
  async finishFilling(between: () => Promise<void>): Promise<void> {
    for (const steps of [
      () => [...this.log.finishingSteps(), ...this.projection.finishingSteps()],
      () => this.projection.settlingSteps(), // the pairs to settle are known once the finishing steps are done
    ]) {
      for (const step of steps()) {
        this.db.transaction(step)();
        await between();
      }
    }
  }

  /** Makes a filled generation durable, and journaled again, before it is swapped in. */
  sealed(): this {
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('journal_mode = WAL');
    if (this.file !== ':memory:') {
      const fd = openSync(this.file, 'r+'); // written unsynced while filling: on disk before the pointer names it
      fsyncSync(fd);
      closeSync(fd);
    }
    return this;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
