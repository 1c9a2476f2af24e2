import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { RecordedEvent } from '../domain/events';
import {
  EVENT_STORE,
  EventStore,
  StoredEvent,
  StoreUnavailableError,
  Subscription,
} from '../event-store/event-store.port';
import { READ_DB } from './read-db.provider';
import { RelationsProjection } from './relations.projection';

const NAME = 'relations';

/**
 * Feeds the read models from a checkpointed subscription to the log. Rows and
 * checkpoint are written in one transaction, so a crash can neither skip nor double
 * an event; on restart the subscription resumes after the checkpoint.
 */
@Injectable()
export class Projector implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(Projector.name);
  private readonly projection: RelationsProjection;
  private subscription?: Subscription;
  private checkpoint = 0;
  private waiters: { position: number; resolve: () => void }[] = [];
  private readonly project: (events: StoredEvent[]) => void;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: Database,
  ) {
    this.projection = new RelationsProjection(db);
    db.prepare('INSERT OR IGNORE INTO checkpoints (name, position) VALUES (?, 0)').run(NAME);
    this.checkpoint = (
      db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(NAME) as { position: number }
    ).position;
    const save = db.prepare('UPDATE checkpoints SET position = ? WHERE name = ?');
    this.project = db.transaction((events: StoredEvent[]) => {
      this.projection.apply(events as unknown as RecordedEvent[]);
      save.run(events[events.length - 1].position, NAME);
    });
  }

  onModuleInit() {
    this.log.log(`projection ${NAME} resumes after position ${this.checkpoint}`);
    this.subscription = this.store.subscribe(this.checkpoint, (events) => {
      if (!events.length) return;
      this.project(events);
      this.checkpoint = events[events.length - 1].position;
      this.waiters = this.waiters.filter((w) => (w.position <= this.checkpoint ? (w.resolve(), false) : true));
    });
  }

  async onModuleDestroy() {
    await this.subscription?.unsubscribe();
    for (const w of this.waiters) w.resolve();
  }

  /**
   * Resolves once the read models include the event at `position`. Gives up after
   * `timeoutMs` with a 503: the write is durable, and a retry with its eventId answers 200.
   */
  waitFor(position: number, timeoutMs = 30_000): Promise<void> {
    if (position <= this.checkpoint) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new StoreUnavailableError(`the read models have not caught up with position ${position}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
    });
  }

  async status() {
    const head = await this.store.headPosition();
    const lag = Math.max(0, head - this.checkpoint);
    return [{ name: NAME, status: lag === 0 ? 'live' : 'catching-up', checkpoint: this.checkpoint, lag }];
  }
}
