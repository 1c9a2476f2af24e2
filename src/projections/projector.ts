import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { basename, join } from 'node:path';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { CONFIG, Config } from '../config/config';
import { conflict } from '../domain/errors';
import { EVENT_STORE, EventStore, Subscription } from '../event-store/event-store.port';
import { Generation } from './generation';
import {
  generationFile,
  generationNumber,
  PROJECTION_VERSION,
  readPointer,
  removeOtherGenerations,
  writePointer,
} from './generation-files';
import { Filler, patientPages, Refill, RebuildProgress, startedRebuild } from './rebuild';
import { RelationReader } from './relation-reader';
import { projectedUpTo, tracer } from '../observability/tracing';
import { SanctionsReader } from './sanctions-reader';
import { ReadModelProgress } from './read-model-progress';
import { WorkerRefill } from './worker-refill';

const NAME = 'relations';
const SHUTDOWN_CATCH_UP_MS = 10_000;
/** Lag is counted up to this many events; a larger one is reported as this with `lagAtLeast` (a rebuild's progress tells more). */
const LAG_COUNTED = 1_000;

/**
 * Feeds the read models from a checkpointed subscription to the log, and rebuilds them
 * without downtime: a new generation is filled from the log while reads go on from the
 * current one, caught up with what arrived meanwhile, then swapped in atomically.
 */
@Injectable()
export class Projector implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(Projector.name);
  private current: Generation;
  /** One reader, pointed at whichever generation is current. */
  readonly reader: RelationReader;
  /** The searches across pairs, on the same generation. */
  readonly sanctions: SanctionsReader;
  private subscription?: Subscription;
  /** Serialises the live feed and the swap, so no page lands in a generation being replaced. */
  private exclusive: Promise<unknown> = Promise.resolve();
  private rebuildState?: RebuildProgress;
  private rebuilding?: Promise<void>;
  private readonly staleVersion: boolean;
  /** Aborted at shutdown: a running rebuild stops, and its generation is removed. */
  private readonly stopping = new AbortController();
  /** The running rebuild's fill. */
  private filler?: Filler;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly progress: ReadModelProgress,
  ) {
    const dir = config.dataDir;
    const pointer = dir ? readPointer(dir) : undefined;
    this.staleVersion = !!pointer && pointer.version !== PROJECTION_VERSION;
    // A generation of another version may not even open with this version's schema: the
    // service starts on a new, empty one, which the rebuild at start-up fills.
    const file =
      pointer && !this.staleVersion ? pointer.file : generationFile(generationNumber(pointer?.file ?? '') + 1);
    if (dir && file !== pointer?.file) writePointer(dir, { file, version: PROJECTION_VERSION });
    this.current = new Generation(dir ? join(dir, file) : ':memory:');
    this.reader = new RelationReader(this.current.db);
    store.useIndex?.(this.current.log);
    this.sanctions = new SanctionsReader(this.current.db, this.reader);
    progress.projected(this.current.checkpoint);
  }

  /**
   * Follows the log from the checkpoint. Read models that are empty while the log is not (a new
   * projection version, a restored log, a deleted read store) are filled by a rebuild first, which
   * is many times faster than the live feed: the feed starts once it is swapped in.
   */
  async onModuleInit() {
    // A rebuild that crashed left its half-filled generation.
    if (this.config.dataDir) await removeOtherGenerations(this.config.dataDir, basename(this.current.file));
    this.log.log(`projection ${NAME} resumes after position ${this.current.checkpoint}`);
    const head = await this.store.headPosition().catch(() => 0);
    // Writes answered before this start count as acknowledged: reads wait until the read models show them.
    this.progress.acknowledge(head);
    if (this.current.checkpoint > 0 || head === 0) return this.follow();
    this.rebuild(this.staleVersion ? 'the projection version changed' : 'the read models are empty');
    void this.rebuilding!.then(() => this.stopping.signal.aborted || this.follow());
  }

  private follow() {
    this.subscription = this.store.subscribe(this.current.checkpoint, (events) =>
      this.serially(async () => {
        const last = events[events.length - 1].position;
        const span = tracer.startSpan('chancery.project', {
          links: projectedUpTo(last),
          attributes: { 'chancery.events': events.length, 'chancery.position': last },
        });
        this.current.apply(events);
        span.end();
        this.wake();
        if (this.current.checkpoint >= (await this.store.headPosition())) this.current.settle();
      }),
    );
  }

  /**
   * Runs once the HTTP server has closed, its in-flight writes answered (Nest's module-destroy hooks run
   * before that, while requests still arrive). The read models take the last events first, so the
   * checkpoint on disk is the head and the next start has nothing to catch up.
   */
  async onApplicationShutdown() {
    this.stopping.abort();
    if (this.subscription) {
      const head = await this.store.headPosition().catch(() => this.current.checkpoint);
      await this.progress
        .waitFor(head, SHUTDOWN_CATCH_UP_MS)
        .catch(() => this.log.warn(`stopped before position ${head}`));
      await this.subscription.unsubscribe();
    }
    await this.filler?.stop();
    await this.rebuilding;
    this.progress.release();
    this.current.close();
  }

  private serially<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.exclusive.then(fn);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /** Tells whoever waits for the read models how far they have come. */
  private wake() {
    this.progress.projected(this.current.checkpoint);
  }

  async status() {
    const head = await this.store.headPosition();
    const checkpoint = this.current.checkpoint;
    // In events: positions need not be consecutive (EventStoreDB's are byte offsets). Counted up to LAG_COUNTED, so
    // that a probe during a long first start does not read the log (on EventStoreDB) beside the rebuild.
    const lag = await this.store.countBetween(checkpoint, head, LAG_COUNTED);
    const running = this.rebuildState && !this.rebuildState.finishedAt;
    const status = running ? 'rebuilding' : lag === 0 ? 'live' : 'catching-up';
    return [
      {
        name: NAME,
        status,
        checkpoint,
        lag,
        ...(lag === LAG_COUNTED && { lagAtLeast: true }),
        ...(this.rebuildState && { rebuild: this.rebuildState }),
      },
    ];
  }

  /** Starts a rebuild in the background; a 409 carries the running one's progress. */
  rebuild(reason = 'requested'): RebuildProgress {
    if (this.rebuildState && !this.rebuildState.finishedAt) {
      throw conflict(`a rebuild is already running (${this.rebuildState.id})`, { rebuild: this.rebuildState });
    }
    const progress = startedRebuild(reason);
    this.rebuildState = progress;
    this.log.log(`rebuild ${progress.id} started: ${reason}`);
    this.rebuilding = this.fill(progress).catch((e: unknown) => {
      progress.error = (e as Error).message;
      progress.finishedAt = new Date().toISOString();
      this.log.error(`rebuild ${progress.id} failed: ${progress.error}`);
    });
    return progress;
  }

  private async fill(progress: RebuildProgress) {
    const dir = this.config.dataDir;
    const file = generationFile(generationNumber(basename(this.current.file)) + 1);
    const pages = patientPages(this.store, this.stopping.signal, (error, pauseMs) =>
      this.log.warn(`rebuild ${progress.id}: ${error.message}; asking again in ${pauseMs} ms`),
    );
    // A read store in memory cannot be shared with a worker: it is filled on this thread, between requests.
    this.filler = dir
      ? new WorkerRefill(pages, join(dir, file), progress)
      : new Refill(
          pages,
          (idWindow) => new Generation(':memory:', true, idWindow),
          progress,
          () => yieldToIo(),
        );
    try {
      await this.filler.fill();
      // The live feed waits while the new generation takes what arrived meanwhile and is swapped in.
      await this.serially(async () => {
        const next = await this.filler!.finish();
        const old = this.current;
        this.current = next;
        this.reader.use(next.db);
        this.store.useIndex?.(next.log);
        this.sanctions.use(next.db);
        if (dir) writePointer(dir, { file, version: PROJECTION_VERSION });
        old.close();
        this.wake();
      });
      if (dir) await removeOtherGenerations(dir, file);
    } catch (e) {
      await this.filler.stop();
      if (dir) await removeOtherGenerations(dir, basename(this.current.file));
      throw this.stopping.signal.aborted ? new Error('the service is stopping') : e;
    } finally {
      this.filler = undefined;
    }
    progress.finishedAt = new Date().toISOString();
    progress.phase = 'done';
    progress.eta = 0;
    this.log.log(`rebuild ${progress.id} done: ${progress.processed} events`);
  }
}
