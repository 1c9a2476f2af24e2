import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { CONFIG, Config } from '../config/config';
import { decode } from '../domain/events';
import { EVENT_STORE, EventStore, StoredEvent, Subscription } from '../event-store/event-store.port';
import { longReads } from '../event-store/turns';
import { eventView } from '../ledger/event-view';

/** Events a connection behind the head reads per turn: a few milliseconds of work. */
const PAGE = 250;
/** A connection holding this much unsent leaves the shared feed, and catches up on its own once it drains. */
const BACKED_UP_BYTES = 1 << 20;

interface Connection {
  /** The last position sent (or skipped by the filter). */
  position: number;
  readonly wanted: (e: StoredEvent) => boolean;
  readonly raw: ServerResponse;
  /** Called when the shared feed lets the connection go. */
  leave?: () => void;
}

/** The events' frames, each made when first wanted and then shared by every connection; '' for a foreign event. */
const framesOf = (events: StoredEvent[]) => {
  const frames: string[] = [];
  return (i: number) => {
    if (frames[i] === undefined) {
      const e = decode(events[i]);
      frames[i] = e ? `id: ${e.position}\ndata: ${JSON.stringify(eventView(e))}\n\n` : '';
    }
    return frames[i];
  };
};

/** Resolves when the socket closes, or when `arm`'s callback is called, whichever comes first. */
const closedOr = (raw: ServerResponse, arm: (done: () => void) => void) =>
  new Promise<void>((resolve) => {
    const done = () => {
      raw.off('close', done);
      resolve();
    };
    raw.on('close', done);
    arm(done);
  });

/**
 * The live feed's one subscription to the log, fanned out in memory: each event is framed once and written to
 * every connection that has caught up with the head. A connection behind the head (a catch-up, or one that fell
 * behind because its client reads slowly) reads the log itself, a page per turn of the long reads, until it
 * reaches the head and joins. At most LIVE_FEED_MAX connections are open at once.
 */
@Injectable()
export class LiveLog implements OnApplicationShutdown {
  private readonly atHead = new Set<Connection>();
  /** The last position the subscription delivered. */
  private head = 0;
  private started?: Promise<Subscription>;
  private open = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Takes one of the LIVE_FEED_MAX places, given back when `serve` ends; false when none is left. */
  enter(): boolean {
    if (this.open >= this.config.liveFeedMax) return false;
    this.open++;
    return true;
  }

  /** Sends the log after `after` to the response as server-sent events, until it closes. */
  async serve(after: number, wanted: (e: StoredEvent) => boolean, raw: ServerResponse): Promise<void> {
    const c: Connection = { position: after, wanted, raw };
    try {
      while (!raw.destroyed) {
        await this.start();
        if (c.position >= this.head) {
          // Every event after the head will come from the subscription.
          this.atHead.add(c);
          await closedOr(raw, (done) => (c.leave = done));
          this.atHead.delete(c);
        } else {
          await longReads.take();
          if (raw.destroyed) break;
          const page = await this.store.readAll(c.position, PAGE);
          this.send(c, page, framesOf(page));
          // Nothing after it: it is at the head, even if the head's number was taken before the last event.
          if (!page.length) c.position = Math.max(c.position, this.head);
        }
        if (raw.writableLength > BACKED_UP_BYTES) await closedOr(raw, (done) => raw.once('drain', done));
      }
    } catch {
      // The store failed: the client reconnects with Last-Event-ID and misses nothing.
      raw.end();
    } finally {
      this.atHead.delete(c);
      this.open--;
    }
  }

  private start(): Promise<Subscription> {
    this.started ??= this.store.headPosition().then(
      (head) => {
        this.head = head;
        return this.store.subscribe(head, (events) => this.fanOut(events));
      },
      (e: unknown) => {
        this.started = undefined;
        throw e;
      },
    );
    return this.started;
  }

  private fanOut(events: StoredEvent[]): void {
    const frames = framesOf(events);
    for (const c of this.atHead) {
      this.send(c, events, frames);
      if (c.raw.writableLength > BACKED_UP_BYTES) {
        this.atHead.delete(c);
        c.leave?.();
      }
    }
    this.head = events[events.length - 1].position;
  }

  /** Writes the events after the connection's position that it wants, in one write. */
  private send(c: Connection, events: StoredEvent[], frame: (i: number) => string): void {
    let text = '';
    events.forEach((e, i) => {
      if (e.position <= c.position) return;
      if (c.wanted(e)) text += frame(i);
      c.position = e.position;
    });
    if (text && !c.raw.destroyed) c.raw.write(text);
  }

  async onApplicationShutdown(): Promise<void> {
    await (await this.started?.catch(() => undefined))?.unsubscribe();
  }
}
