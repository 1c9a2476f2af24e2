import { Inject, Injectable } from '@nestjs/common';
import { Command, decide, DecisionContext, FieldPath, isRetryOf } from '../domain/decide';
import { conflict } from '../domain/errors';
import { isAction, LedgerEvent, RecordedEvent } from '../domain/events';
import { pairOf, pairOfStream, streamOf } from '../domain/pair';
import { KnownAction, knowledgeAt, toAction } from '../domain/state/knowledge';
import { toIso } from '../domain/time';
import {
  AppendRequest,
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  StoredEvent,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port';
import { Projector } from '../projections/projector';

export interface WriteItem {
  command: Command;
  /** The client's optimistic-concurrency check; none means the writer guards its own reads. */
  expectedRevision?: number;
  /** Prefix naming the item in error messages: `events[3].` in a batch. */
  path: FieldPath;
}

export interface WriteAnswer {
  eventId: string;
  pair: readonly [string, string];
  revision: number;
  position: number;
  recordedAt: string;
}

export interface WriteOutcome {
  answers: WriteAnswer[];
  /** True when every item had been recorded before (an idempotent retry). */
  replayed: boolean;
}

const MAX_ATTEMPTS = 20;
/**
 * How far the read models may fall behind this process's answered writes before a write waits for them: one full
 * batch. Bounds what a read after a write may wait for (a few seconds of projection), and keeps a bulk import from
 * running ahead of the read models without limit.
 */
export const MAX_UNPROJECTED = 10_000;

/** The events of one append share their recordedAt: formatted once. */
let lastMs = NaN;
let lastIso = '';
const isoOf = (ms: number) => {
  if (ms !== lastMs) [lastMs, lastIso] = [ms, toIso(ms)];
  return lastIso;
};

export const answerOf = (e: StoredEvent | RecordedEvent): WriteAnswer => ({
  eventId: e.eventId,
  pair: pairOfStream(e.stream)!,
  revision: e.revision,
  position: e.position,
  recordedAt: isoOf(e.recordedAt),
});

interface Planned {
  item: WriteItem;
  existing?: StoredEvent;
  event?: LedgerEvent;
  stream?: string;
  expected?: ExpectedRevision;
}

/**
 * The write side of every command: read what the decision depends on, decide, append
 * with an expected revision, and answer once the append is durable. The answered position
 * is acknowledged to the projector, so a later read waits until it shows the write
 * (read-your-writes: `ReadYourWritesInterceptor`). A conflict on a revision the writer
 * chose itself is retried; the client's own is a 409.
 */
@Injectable()
export class LedgerWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  async write(items: WriteItem[], recordedBy: string): Promise<WriteOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(items, recordedBy);
      } catch (e) {
        const mine = e instanceof WrongExpectedRevisionError && e.expected !== 'any' && !this.clientOwns(items, e);
        if (!mine || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private clientOwns(items: WriteItem[], e: WrongExpectedRevisionError) {
    return items.some((i) => i.expectedRevision !== undefined && this.streamOfCommand(i.command) === e.stream);
  }

  /** An action naming a sanctions package is decided on what its stream holds: its append is guarded. */
  private readsItsStream({ command: c, expectedRevision }: WriteItem): boolean {
    return (
      expectedRevision === undefined && c.kind === 'RecordAction' && typeof c.data.details?.sanctionsId === 'string'
    );
  }

  private streamOfCommand(c: Command): string | undefined {
    return c.kind === 'RecordAction' ? streamOf(pairOf(c.data.actor, c.data.target)) : undefined;
  }

  /** Everything a write does but the append: the answer to a dry run. */
  async check(items: WriteItem[]): Promise<{ eventId: string; pair: readonly [string, string] }[]> {
    const plans = await this.plan(items);
    return plans.map((p) => ({
      eventId: p.item.command.eventId,
      pair: pairOfStream(p.stream ?? p.existing?.stream ?? this.streamOfCommand(p.item.command)!)!,
    }));
  }

  private async attempt(items: WriteItem[], recordedBy: string): Promise<WriteOutcome> {
    const plans = await this.plan(items);
    const requests: AppendRequest[] = plans
      .filter((p) => p.event)
      .map((p) => ({
        stream: p.stream!,
        expectedRevision: p.expected!,
        events: [{ eventId: p.event!.eventId, type: p.event!.type, data: p.event!.data, metadata: { recordedBy } }],
      }));
    const results = requests.length ? await this.store.append(requests) : [];
    const written = new Map(results.flatMap((r) => r.events).map((e) => [e.eventId, e]));
    const answers = plans.map((p) => answerOf(p.existing ?? written.get(p.item.command.eventId)!));
    const last = answers.reduce((max, a) => Math.max(max, a.position), 0);
    // Durable: answer now. Reads wait for the projection instead (read-your-writes at the read).
    this.projector.acknowledge(last);
    // Backpressure: a writer faster than the projector waits once the backlog exceeds MAX_UNPROJECTED.
    if (results.length) await this.projector.waitFor(last - MAX_UNPROJECTED);
    return { answers, replayed: results.length === 0 || results.every((r) => r.duplicate) };
  }

  /** Reads what each decision depends on and decides: the events to append, and where. */
  private async plan(items: WriteItem[]): Promise<Planned[]> {
    // One read each for the whole batch: the ids recorded before (idempotency) and the revisions of the streams
    // whose decisions read them (actions naming a sanctions package). A plain action appends at 'any' and needs
    // no revision, so a single write makes one read. The streams of amendments are known once their target is
    // read: those are read then.
    const streams = new Set(items.flatMap((i) => (this.readsItsStream(i) && this.streamOfCommand(i.command)) || []));
    const [recorded, revisions] = await Promise.all([
      this.store.readEvents(items.map((i) => i.command.eventId)),
      streams.size ? this.store.streamRevisions([...streams]) : new Map<string, number>(),
    ]);
    /** Events planned so far in this batch, per stream: an implicit expectation counts them. */
    const plannedIn = new Map<string, number>();
    const plans: Planned[] = [];
    const planned = new Map<string, LedgerEvent>();
    for (const item of items) {
      const { command, path } = item;
      const stored = recorded.get(command.eventId);
      const earlier = (stored as RecordedEvent | undefined) ?? planned.get(command.eventId);
      if (earlier) {
        if (!isRetryOf(earlier, command)) {
          throw conflict(`${path}eventId ${command.eventId} was already used for a different request`);
        }
        // A repeat within this batch has no stored event yet: it gets the first item's answer.
        plans.push({ item, existing: stored });
        continue;
      }
      const ctx = await this.context(command, planned);
      const [event] = decide(command, ctx, path);
      const target = typeof ctx.target === 'object' && ctx.target ? ctx.target : undefined;
      const stream = target ? streamOf(pairOf(target.actor, target.target)) : this.streamOfCommand(command)!;
      // Retractions, corrections and lifts depend on what the stream held when read: guard that.
      const implicit = item.expectedRevision === undefined && (target !== undefined || ctx.referenced !== undefined);
      const before = plannedIn.get(stream) ?? 0;
      plannedIn.set(stream, before + 1);
      let expected: ExpectedRevision = item.expectedRevision ?? 'any';
      if (implicit) {
        // Read once per stream and kept: the stream's revision as read, plus what this batch put before this item.
        let read = revisions.get(stream);
        if (read === undefined) revisions.set(stream, (read = await this.store.streamRevision(stream)));
        expected = read + before;
      }
      planned.set(event.eventId, event);
      plans.push({ item, event, stream, expected });
    }
    return plans;
  }

  /** Reads the actions a command names: the one it amends, the package a lift refers to. */
  private async context(c: Command, planned: Map<string, LedgerEvent>): Promise<DecisionContext> {
    if (c.kind === 'RetractAction') return { target: await this.known(c.retracts, planned) };
    if (c.kind === 'CorrectAction') {
      const target = await this.known(c.corrects, planned);
      return { target, referenced: await this.referenced(c.details, planned) };
    }
    return { referenced: await this.referenced(c.data.details, planned) };
  }

  private async referenced(details: Record<string, unknown> | undefined, planned: Map<string, LedgerEvent>) {
    const id = details?.sanctionsId;
    if (typeof id !== 'string') return undefined;
    const known = await this.known(id, planned);
    return known === 'amendment' ? null : known;
  }

  /** An action as known now, from its stream: its own event and what amended it since. */
  private async known(eventId: string, planned: Map<string, LedgerEvent>): Promise<KnownAction | null | 'amendment'> {
    // An action planned earlier in the same batch is known as decided; it has no place in the log yet.
    const pending = planned.get(eventId);
    if (pending)
      return isAction(pending)
        ? toAction({ ...pending, stream: '', revision: 0, position: 0, recordedAt: 0, metadata: {} })
        : 'amendment';
    const e = await this.store.readEvent(eventId);
    if (!e) return null;
    if (!isAction(e as unknown as RecordedEvent)) return 'amendment';
    const events = (await this.store.readStream(e.stream, e.revision)) as unknown as RecordedEvent[];
    return knowledgeAt(events).get(eventId) ?? null;
  }
}
