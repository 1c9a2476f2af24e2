import { Inject, Injectable } from '@nestjs/common';
import { Command, decide, Decision, dependsOn, holdsTo, isRetryOf, Knowledge, knowing, learn } from '../domain/decide';
import { about, conflict, DomainError } from '../domain/errors';
import { decode, EventMetadata, LedgerEvent, Provenance } from '../domain/events';
import { pairOfStream } from '../domain/pair';
import { toIso } from '../domain/time';
import {
  AppendRequest,
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  StoredEvent,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port';
import { awaitProjection, traced } from '../observability/tracing';
import { ReadModelProgress } from '../projections/read-model-progress';

export interface WriteItem {
  command: Command;
  /** The client's optimistic-concurrency check; none means the writer guards its own reads. */
  expectedRevision?: number;
  /** Names the item in error messages: `events[3].` in a batch, '' alone. */
  path: string;
  /** Where an imported action came from: kept in its event's metadata, beside who recorded it. */
  provenance?: Provenance;
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

export const answerOf = (e: StoredEvent): WriteAnswer => ({
  eventId: e.eventId,
  pair: pairOfStream(e.stream)!,
  revision: e.revision,
  position: e.position,
  recordedAt: isoOf(e.recordedAt),
});

/** An item of a write, decided: recorded before (a retry), or to append. */
type Plan =
  | { item: WriteItem; stream: string; existing?: StoredEvent }
  | { item: WriteItem; stream: string; event: LedgerEvent; expected: ExpectedRevision; guarded: boolean };

/** A stream the writer read to decide has moved since: decide again. */
class StaleRead extends Error {}

/**
 * The write side of every command, a decider's loop: read what the decisions depend on (the events
 * the commands name, with their streams from there on), decide each item on that knowledge, learn
 * what it decided (a batch may name what it records), append with an expected revision, and answer
 * once the append is durable. The answered position is acknowledged, so a later read waits until it
 * shows the write (read-your-writes). A conflict on a revision the writer chose from its own read is
 * decided again; the client's own `expectedRevision` is a 409.
 */
@Injectable()
export class LedgerWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly progress: ReadModelProgress,
  ) {}

  async write(items: WriteItem[], recordedBy: string): Promise<WriteOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(items, recordedBy);
      } catch (e) {
        if (!(e instanceof StaleRead) || attempt >= MAX_ATTEMPTS) throw e instanceof StaleRead ? e.cause : e;
      }
    }
  }

  /** Everything a write does but the append: the answer to a dry run. */
  async check(items: WriteItem[]): Promise<{ eventId: string; pair: readonly [string, string] }[]> {
    const plans = await this.plan(items);
    return plans.map((p) => ({ eventId: p.item.command.eventId, pair: pairOfStream(p.stream)! }));
  }

  private async attempt(items: WriteItem[], recordedBy: string): Promise<WriteOutcome> {
    const plans = await traced('chancery.decide', { 'chancery.items': items.length }, () => this.plan(items));
    const appends = plans.filter((p) => 'event' in p);
    const requests: AppendRequest[] = appends.map((p) => ({
      stream: p.stream,
      expectedRevision: p.expected,
      events: [
        { eventId: p.event.eventId, type: p.event.type, data: p.event.data, metadata: metadataOf(p, recordedBy) },
      ],
    }));
    const { results, answers, last } = await traced(
      'chancery.append',
      { 'chancery.events': requests.length },
      async () => {
        let results;
        try {
          results = requests.length ? await this.store.append(requests) : [];
        } catch (e) {
          const mine =
            e instanceof WrongExpectedRevisionError && appends.some((p) => p.guarded && p.stream === e.stream);
          throw mine ? new StaleRead('a stream moved since it was read', { cause: e }) : e;
        }
        const written = new Map(results.flatMap((r) => r.events).map((e) => [e.eventId, e]));
        const answers = plans.map((p) =>
          answerOf(('existing' in p && p.existing) || written.get(p.item.command.eventId)!),
        );
        const last = answers.reduce((max, a) => Math.max(max, a.position), 0);
        if (results.length) awaitProjection(last);
        return { results, answers, last };
      },
    );
    // Durable: answer now. Reads wait for the projection instead (read-your-writes at the read).
    this.progress.acknowledge(last);
    // Backpressure: a writer faster than the projector waits once the backlog exceeds MAX_UNPROJECTED events.
    if (results.length) {
      await this.progress.waitForBacklog(last, MAX_UNPROJECTED, (after, upTo) =>
        this.store.countBetween(after, upTo, MAX_UNPROJECTED + 1),
      );
    }
    return { answers, replayed: results.length === 0 || results.every((r) => r.duplicate) };
  }

  /** Decides each item in order on what the log holds, and on what the items before it decided. */
  private async plan(items: WriteItem[]): Promise<Plan[]> {
    const { recorded, knowledge: read, revisions } = await this.read(items);
    let knowledge = read;
    /** Events decided in this batch, by id, with their stream; and how many per stream, for later expectations. */
    const decided = new Map<string, { event: LedgerEvent; stream: string }>();
    const decidedIn = new Map<string, number>();
    const plans: Plan[] = [];
    for (const item of items) {
      const { command, path } = item;
      const stored = recorded.get(command.eventId);
      const earlier = stored ? { event: decode(stored), stream: stored.stream } : decided.get(command.eventId);
      if (earlier) {
        if (!earlier.event || !isRetryOf(earlier.event, command)) {
          throw conflict(about(`${path}eventId`, ` ${command.eventId} was already used for a different request`));
        }
        // A repeat within this batch has no stored event yet: it gets the first item's answer.
        plans.push({ item, stream: earlier.stream, existing: stored });
        continue;
      }
      const { stream, events } = decideAt(item, knowledge);
      knowledge = learn(knowledge, events);
      const before = decidedIn.get(stream) ?? 0;
      decidedIn.set(stream, before + events.length);
      // A decision that holds to events of its pair is guarded by the revision it read, plus what this batch put before it.
      const guarded = item.expectedRevision === undefined && holdsTo(command).length > 0;
      let expected: ExpectedRevision = item.expectedRevision ?? 'any';
      if (guarded) {
        let revision = revisions.get(stream);
        if (revision === undefined) revisions.set(stream, (revision = await this.store.streamRevision(stream)));
        expected = revision + before;
      }
      for (const event of events) {
        decided.set(event.eventId, { event, stream });
        plans.push({ item, stream, event, expected, guarded });
      }
    }
    return plans;
  }

  /**
   * One read for the ids the items would record (idempotency) and those they name; then, for the named
   * ones, their streams from there on: what the decisions know, and the revisions they read.
   */
  private async read(items: WriteItem[]) {
    const wanted = new Set(items.flatMap((i) => dependsOn(i.command)));
    const recorded = await this.store.readEvents([...new Set([...items.map((i) => i.command.eventId), ...wanted])]);
    const from = new Map<string, number>();
    for (const id of wanted) {
      const e = recorded.get(id);
      if (e) from.set(e.stream, Math.min(from.get(e.stream) ?? Infinity, e.revision));
    }
    let knowledge: Knowledge = knowing(wanted);
    const revisions = new Map<string, number>();
    for (const [stream, revision] of from) {
      const events = await this.store.readStream(stream, revision);
      knowledge = learn(
        knowledge,
        events.flatMap((e) => decode(e) ?? []),
      );
      revisions.set(stream, events[events.length - 1].revision);
    }
    return { recorded, knowledge, revisions };
  }
}

/** An event's metadata: who recorded it, and where the action it records came from, if it says. */
function metadataOf({ item }: Plan, recordedBy: string): EventMetadata {
  return item.provenance ? { recordedBy, provenance: item.provenance } : { recordedBy };
}

/** decide, with the item's fields named as the request names them (`events[3].details.track`). */
function decideAt({ command, path }: WriteItem, knowledge: Knowledge): Decision {
  try {
    return decide(command, knowledge);
  } catch (e) {
    throw e instanceof DomainError ? e.at(path) : e;
  }
}
