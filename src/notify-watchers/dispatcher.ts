import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { isAction, RecordedEvent, decode } from '../domain/events';
import { Pair, pairOfStream } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { amended } from '../domain/state/knowledge';
import { EVENT_STORE, EventStore, StoredEvent, Subscription } from '../event-store/event-store.port';
import { eventView } from '../ledger/event-view';
import { ReadModelProgress } from '../projections/read-model-progress';
import { RelationReader } from '../projections/relation-reader';
import { Courier } from './courier';
import { covers, Watch } from './watch';
import { WatchStore } from './watch-store';

/**
 * Turns the log into deliveries: follows it from where it last stopped (kept in the watch store, moved in the
 * same transaction as the deliveries it queued, so a restart neither skips nor doubles one), and for each
 * event that a watch covers queues what it changed. Only committed events are in the log, so nothing is
 * ever told of a write that did not happen. A late record, a retraction or a correction is told like any
 * event: it changes what the ledger says of the past.
 */
@Injectable()
export class WatchDispatcher implements OnModuleInit, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly watches: WatchStore,
    private readonly reader: RelationReader,
    private readonly progress: ReadModelProgress,
    private readonly courier: Courier,
  ) {}

  async onModuleInit() {
    // The first start covers what comes from now on: watches are told of what is recorded after them.
    let from = this.watches.dispatched();
    if (from === undefined) this.watches.queue([], (from = await this.store.headPosition()), Date.now());
    this.subscription = this.store.subscribe(from, (events) => this.dispatch(events));
  }

  async beforeApplicationShutdown() {
    await this.subscription?.unsubscribe();
  }

  private async dispatch(page: StoredEvent[]) {
    const upTo = page[page.length - 1].position;
    const active = this.watches.active();
    const queued: { watchId: string; position: number; body: string }[] = [];
    if (active.length) {
      // What an event changed is read from the read models: they must have it first.
      await this.progress.waitFor(upTo);
      const changes = new Map<string, ReturnType<typeof diffStates>>();
      for (const e of page.flatMap((s) => decode(s) ?? [])) {
        const pair = pairOfStream(e.stream);
        if (!pair) continue;
        const type = isAction(e) ? e.type : (await this.store.readEvent(amended(e)))?.type;
        const watching = active.filter((w) => w.from < e.position && type && covers(w, pair, type));
        if (!watching.length) continue;
        // An append is told as one change: the state now, as known before it and after it.
        const key = `${pair.join('-')}@${e.recordedAt}`;
        if (!changes.has(key)) changes.set(key, this.changed(pair, e.recordedAt));
        for (const w of watching)
          queued.push({ watchId: w.id, position: e.position, body: body(w, e, changes.get(key)!) });
      }
    }
    this.watches.queue(queued, upTo, Date.now());
    if (queued.length) this.courier.wake();
  }

  private changed(pair: Pair, recordedAt: number) {
    const now = Date.now();
    const before = this.reader.stateAt(pair, now, recordedAt - 1, true).state;
    const after = this.reader.stateAt(pair, now, recordedAt, true).state;
    return diffStates(before, after);
  }
}

const body = (w: Watch, e: RecordedEvent, changes: ReturnType<typeof diffStates>) =>
  JSON.stringify({ watch: w.id, kind: 'recorded', position: e.position, event: eventView(e), changes });
