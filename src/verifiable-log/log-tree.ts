import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import { join } from 'node:path';
import { CONFIG, Config } from '../config/config';
import { invalid, notFound } from '../domain/errors';
import { EVENT_STORE, EventStore, StoredEvent, Subscription } from '../event-store/event-store.port';
import { signCheckpoint } from './checkpoint';
import { leafOf } from './leaf';
import { consistencyProof, Hash, inclusionProof, nodeHash, rootHash } from './merkle';
import { Signer, SIGNER } from './signing-key';
import { TreeFile } from './tree-file';

/** How long a checkpoint waits for the tree to take in the events the log held when it was asked for. */
const CATCH_UP_MS = 2_000;

const b64 = (h: Hash) => h.toString('base64');

/**
 * The log as a Merkle tree (RFC 9162), with signed checkpoints: it follows the log through the store port, one
 * leaf per event in the ledger's own order (whatever the store's positions), so it is the same on every store.
 * A checkpoint published today lets anyone check later, with a consistency proof, that the log was only appended
 * to since; an inclusion proof shows an event is in it.
 */
@Injectable()
export class LogTree implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('LogTree');
  private readonly file: TreeFile;
  private size: { leaves: number; lastPosition: number };
  private subscription?: Subscription;
  /** Set when the log no longer holds what the tree took in: the tree then signs nothing more. */
  private broken?: string;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) config: Config,
    @Inject(SIGNER) private readonly signer: Signer,
  ) {
    this.file = new TreeFile(config.dataDir ? join(config.dataDir, 'log-tree.db') : ':memory:');
    this.size = this.file.size();
  }

  async onModuleInit(): Promise<void> {
    this.broken = await this.tailProblem();
    if (this.broken) return this.log.error(`the log's Merkle tree stops: ${this.broken}`);
    const head = await this.store.headPosition().catch(() => 0);
    if (head > this.size.lastPosition && this.size.leaves === 0) {
      this.log.log(`building the log's Merkle tree (first start with it, or its file was lost)`);
    }
    this.subscription = this.store.subscribe(this.size.lastPosition, (events) => this.take(events));
  }

  /** The tree's last leaf must still be the log's event at its position: a log cut or rewritten at its end is not followed. */
  private async tailProblem(): Promise<string | undefined> {
    if (!this.size.leaves) return undefined;
    const { leaves, lastPosition } = this.size;
    const before = leaves > 1 ? this.file.positionOf(leaves - 2)! : 0;
    const [event] = await this.store.readAll(before, 1);
    if (event?.position === lastPosition && leafOf(event).equals(this.file.perfect(0, leaves - 1))) return undefined;
    return (
      `the log no longer holds, at position ${lastPosition}, the event of the tree's leaf ${leaves}: ` +
      'events were removed from its end or rewritten'
    );
  }

  private take(events: StoredEvent[]): void {
    this.file.append(
      events.map((e) => ({ position: e.position, hash: leafOf(e) })),
      nodeHash,
    );
    this.size = { leaves: this.size.leaves + events.length, lastPosition: events[events.length - 1].position };
    this.waiters = this.waiters.filter((w) => (w.position <= this.size.lastPosition ? (w.resolve(), false) : true));
  }

  /**
   * Waits for the tree to take in the log as it is now: a checkpoint covers every event recorded before it was
   * asked for. A tree still catching up (after a restore, or with its file lost) answers 503 meanwhile, never a
   * checkpoint of less than the log, which a verifier would take for a log cut short.
   */
  private async caughtUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head <= this.size.lastPosition) return;
    const reached = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CATCH_UP_MS);
      this.waiters.push({
        position: head,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      });
    });
    if (!reached) {
      throw new ServiceUnavailableException(
        `the log's Merkle tree is still taking in the log (${this.size.leaves} events so far): retry in a moment`,
      );
    }
  }

  private usable(): void {
    if (this.broken) throw new ServiceUnavailableException(`the log's Merkle tree stopped: ${this.broken}`);
  }

  private treeSize(asked: number | undefined, name = 'treeSize'): number {
    if (asked === undefined) return this.size.leaves;
    if (asked > this.size.leaves) throw invalid(`${name} ${asked} is beyond the tree's ${this.size.leaves} leaves`);
    return asked;
  }

  /** A signed checkpoint of the tree now, or of an earlier size of it. */
  async checkpoint(asked?: number) {
    this.usable();
    if (asked === undefined) await this.caughtUp();
    const treeSize = this.treeSize(asked);
    const root = rootHash(this.file.perfect, treeSize);
    const { name, key, verifier } = this.signer;
    return {
      origin: name,
      treeSize,
      rootHash: b64(root),
      lastPosition: treeSize ? this.file.positionOf(treeSize - 1)! : 0,
      note: signCheckpoint({ origin: name, treeSize, rootHash: root }, name, key),
      verifierKey: verifier,
    };
  }

  /** The audit path of an event in the tree of `treeSize` leaves (by default, the whole tree). */
  async inclusion(eventId: string, asked?: number) {
    this.usable();
    const event = await this.store.readEvent(eventId);
    if (!event) throw notFound(`no event ${eventId} in the log`);
    const { position } = event;
    const leafIndex = this.file.indexOf(position);
    if (leafIndex === undefined) throw notFound(`event ${eventId} is not in the tree yet: retry in a moment`);
    const treeSize = this.treeSize(asked);
    if (leafIndex >= treeSize) throw invalid(`event ${eventId} is leaf ${leafIndex}, beyond a tree of ${treeSize}`);
    return {
      eventId,
      position,
      leafIndex,
      treeSize,
      leafHash: b64(this.file.perfect(0, leafIndex)),
      path: inclusionProof(this.file.perfect, leafIndex, treeSize).map(b64),
    };
  }

  /** The proof that the tree of `first` leaves is a prefix of the tree of `second`. */
  consistency(first: number, asked?: number) {
    this.usable();
    const second = this.treeSize(asked, 'second');
    if (first > second) throw invalid(`first (${first}) must not be more than second (${second})`);
    return { first, second, path: consistencyProof(this.file.perfect, first, second).map(b64) };
  }

  /**
   * Leaves `start` onwards with their events as the log holds them now (as stored, not upcast): what anyone needs
   * to recompute the tree, and to see where the log no longer matches it. Served even when the tree has stopped.
   */
  async entries(start: number, count: number) {
    const end = Math.min(start + count, this.size.leaves);
    if (start >= end) return { entries: [], next: null };
    const events = await this.store.readAll(start ? this.file.positionOf(start - 1)! : 0, end - start);
    return {
      entries: events.map((event, i) => ({
        leafIndex: start + i,
        leafHash: b64(this.file.perfect(0, start + i)),
        event,
      })),
      // A log that ends before the tree does has nothing more to give.
      next: end < this.size.leaves && events.length === end - start ? end : null,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.unsubscribe();
    for (const w of this.waiters) w.resolve();
    this.file.close();
  }
}
