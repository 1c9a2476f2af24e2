import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, Config } from '../config/config';
import { Pair } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { nextTimedChange } from '../domain/state/evolve';
import { toIso } from '../domain/time';
import { ReadModelProgress } from '../projections/read-model-progress';
import { RelationReader } from '../projections/relation-reader';
import { Courier } from './courier';
import { coversTimed, Watch } from './watch';
import { WatchStore } from './watch-store';

/**
 * Tells watches what time alone changes: a package lapsing when its expiry passes unrenewed, a suspension
 * ending. Nothing is recorded then, so the log cannot drive it: every tick walks each watched pair's state,
 * as known now, from the last tick's instant to now, through each instant at which it changes by itself.
 * The instant told up to moves with the deliveries it queued, so a restart neither skips nor doubles one;
 * what fell due while the service was down is told at its first tick. A renewal recorded after the lapse was
 * told is a recorded change like any other, and is told as one.
 */
@Injectable()
export class TimedChanges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Watches');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly watches: WatchStore,
    private readonly reader: RelationReader,
    private readonly progress: ReadModelProgress,
    private readonly courier: Courier,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    // The first start tells what falls due from now on, as the dispatcher tells what is recorded from now on.
    if (this.watches.timedThrough() === undefined) this.watches.queueTimed([], Date.now(), Date.now());
    this.schedule();
  }

  async beforeApplicationShutdown() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule() {
    this.timer = setTimeout(() => {
      this.running = this.tick(Date.now())
        .catch((e: unknown) => this.log.error(`timed changes not checked, tried again next tick: ${String(e)}`))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.config.watchTickMs);
    this.timer.unref();
  }

  private async tick(now: number) {
    // States are read from the read models: they must include what was recorded before now.
    await this.progress.caughtUp();
    const since = this.watches.timedThrough()!;
    const active = this.watches.active();
    const queued = [...watchedPairs(active, this.reader).values()].flatMap((p) => this.dueIn(p, active, since, now));
    this.watches.queueTimed(queued, now, now);
    if (queued.length) this.courier.wake();
  }

  /** The deliveries of one pair's changes by time alone in (since, now], as known now. */
  private dueIn(pair: Pair, active: Watch[], since: number, now: number) {
    const queued = [];
    let state = this.reader.stateAt(pair, since, now).state;
    for (let at = nextTimedChange(state); at !== null && at <= now; at = nextTimedChange(state)) {
      const before = this.reader.stateAt(pair, at - 1, now).state;
      state = this.reader.stateAt(pair, at, now).state;
      const changes = diffStates(before, state);
      for (const w of active) {
        const told = changes.filter((c) => coversTimed(w, pair, c.area));
        if (!told.length || Date.parse(w.createdAt) >= at) continue;
        const body = { watch: w.id, kind: 'reached', at: toIso(at), pair, changes: told };
        queued.push({ watchId: w.id, position: null, body: JSON.stringify(body) });
      }
    }
    return queued;
  }
}

/** Every pair some watch covers, once each. */
function watchedPairs(active: Watch[], reader: RelationReader): Map<string, Pair> {
  const pairs = active.flatMap((w) => (w.pair ? [w.pair] : reader.pairsOf(w.country!)));
  return new Map(pairs.map((p) => [p.join('-'), p]));
}
