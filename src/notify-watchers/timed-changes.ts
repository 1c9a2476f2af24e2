import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, Config } from '../config/config';
import { Pair, pairOf } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { toIso } from '../domain/time';
import { StoreUnavailableError } from '../event-store/event-store.port';
import { ReadModelProgress } from '../projections/read-model-progress';
import { RelationReader } from '../projections/relation-reader';
import { SanctionsReader } from '../projections/sanctions-reader';
import { Courier } from './courier';
import { coversPair, coversTimed, Watch } from './watch';
import { WatchStore } from './watch-store';

/**
 * Tells watches what time alone changes: a package lapsing when its expiry passes unrenewed, a suspension
 * ending (sanctions are the one area time alone changes). Nothing is recorded then, so the log cannot drive
 * it: every tick asks the sanctions read model which packages changed by time alone since the last tick's
 * instant, as known now (one index range, whatever the number of watches and pairs), and tells each watch of
 * such a pair what its state changed at that instant. The instant told up to moves with the deliveries it
 * queued, so a restart neither skips nor doubles one; what fell due while the service was down is told at its
 * first tick. A renewal recorded after the lapse was told is a recorded change like any other, and is told
 * as one.
 */
@Injectable()
export class TimedChanges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Watches');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** A tick found the read models behind the log (a long first start): said once, not at every tick. */
  private behind = false;

  constructor(
    private readonly watches: WatchStore,
    private readonly reader: RelationReader,
    private readonly sanctions: SanctionsReader,
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
        .then(() => {
          this.behind = false;
        })
        .catch((e: unknown) => this.failed(e))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.config.watchTickMs);
    this.timer.unref();
  }

  private failed(e: unknown) {
    if (!(e instanceof StoreUnavailableError)) {
      this.log.error(`timed changes not checked, tried again next tick: ${String(e)}`);
    } else if (!this.behind) {
      this.behind = true;
      this.log.warn(`timed changes wait for the read models, tried again each tick: ${e.message}`);
    }
  }

  private async tick(now: number) {
    // What changed is read from the read models: they must include what was recorded before now.
    await this.progress.caughtUp();
    const since = this.watches.timedThrough()!;
    const active = this.watches.active();
    const queued = active.length
      ? this.instants(since, now).flatMap(([pair, at]) => this.told(pair, at, active, now))
      : [];
    this.watches.queueTimed(queued, now, now);
    if (queued.length) this.courier.wake();
  }

  /** The pairs and instants in (since, now] at which a package changed by time alone, each once, in time order. */
  private instants(since: number, now: number): [Pair, number][] {
    const found = new Map<string, [Pair, number]>();
    for (const { at, package: p } of this.sanctions.timedChanges(since, now)) {
      const pair = pairOf(p.imposedBy, p.target);
      found.set(`${pair.join('-')}@${at}`, [pair, at]);
    }
    return [...found.values()];
  }

  /** The deliveries of what the pair's state, as known now, changed at `at`, to the watches it concerns. */
  private told(pair: Pair, at: number, active: Watch[], now: number) {
    const watching = active.filter((w) => coversPair(w, pair) && Date.parse(w.createdAt) < at);
    if (!watching.length) return [];
    const changes = diffStates(this.reader.stateAt(pair, at - 1, now).state, this.reader.stateAt(pair, at, now).state);
    return watching.flatMap((w) => {
      const told = changes.filter((c) => coversTimed(w, pair, c.area));
      if (!told.length) return [];
      const body = { watch: w.id, kind: 'reached', at: toIso(at), pair, changes: told };
      return [{ watchId: w.id, position: null, body: JSON.stringify(body) }];
    });
  }
}
