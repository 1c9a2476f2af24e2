/**
 * The event store port: the one door to the log. SQLite (default), EventStoreDB and
 * in-memory adapters implement it and pass the same contract suite
 * (event-store.contract.ts). Events are opaque here: the domain gives them meaning.
 */
export const EVENT_STORE = Symbol('EventStore');

/** `any`: no check; `no_stream`: the stream must be empty; `stream_exists`: it must not be; n: its last revision is n. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  stream: string;
  /** 0-based index in its stream. */
  revision: number;
  /** Global log position: increases along the log, from 1. */
  position: number;
  /** Transaction time in epoch ms, assigned by the store; never decreases along the log. */
  recordedAt: number;
}

export interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  stream: string;
  events: StoredEvent[];
  /** True when every event was already in the stream under the same ids: nothing new was written. */
  duplicate: boolean;
}

/** The stream is not at the expected revision. `actual` is -1 for a stream with no events. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${stream} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id is already taken by an event that this append does not repeat exactly. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`eventId ${eventId} is already used by another event`);
    this.name = 'DuplicateEventIdError';
  }
}

/** An event is larger than the store takes in one append (EventStoreDB's MaxAppendSize). */
export class EventTooLargeError extends Error {
  constructor(
    readonly eventId: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`event ${eventId} is ${size} bytes: the event store takes at most ${limit} bytes in one append`);
    this.name = 'EventTooLargeError';
  }
}

/** The store cannot be reached or written (disk full, locked, server down): retry later. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  unsubscribe(): Promise<void>;
}

/** What a check of the log's tamper-evidence chain found. */
export interface IntegrityReport {
  ok: boolean;
  /** Events checked, in log order, up to the head seen when the check began. */
  checked: number;
  /** The last event checked: keep its hash elsewhere to detect a rewrite of the whole chain later. */
  head: {
    position: number;
    eventId: string;
    /** The head's hash in its stream's chain. */
    hash: string;
    /** The head's link in the whole log's chain: it commits to every event up to it. Kept elsewhere, it shows a rewrite. */
    logHash?: string;
  } | null;
  /** The first event that fails the check, and why. */
  firstBad?: { position: number; eventId: string; stream: string; revision: number; problem: string };
  /** What is wrong with the file itself (an append-only trigger dropped): named even when every event checks. */
  problems: string[];
}

/** An event's place in the log as an index knows it: its position, its ordinal and its transaction time. */
export interface LogMark {
  position: number;
  /** How many events of the log lie at or before it: 1 for the first. */
  seq: number;
  recordedAt: number;
}

/** An event as an index of the log keeps it: where it is, without its data. */
export interface IndexedEvent extends LogMark {
  eventId: string;
  stream: string;
  revision: number;
}

/**
 * The read store's index of the log, written in the projection's transactions: it holds every event up to the
 * projection's checkpoint, and an id's first event under that id. A store without an index of its own (EventStoreDB)
 * is handed it, so that it holds in memory only what the read store has not taken yet.
 */
export interface StoredLogIndex {
  /** The last event it holds: every event up to its position is in. */
  last(): LogMark | undefined;
  /** The first event recorded under this id. */
  byEventId(eventId: string): IndexedEvent | undefined;
  /** The last event at or before `position`. */
  atOrBefore(position: number): LogMark | undefined;
}

/** Receives events in log order, a batch at a time; the next batch waits for the returned promise. */
export type SubscriptionHandler = (events: StoredEvent[]) => Promise<void> | void;

export interface EventStore {
  /** Appends to one or several streams, all or nothing. Idempotent by event id. */
  append(requests: AppendRequest[]): Promise<AppendResult[]>;
  /** Events of one stream from a revision on, in order (an empty list for a missing stream). */
  readStream(stream: string, fromRevision?: number): Promise<StoredEvent[]>;
  /** The revision of a stream's last event, or -1. */
  streamRevision(stream: string): Promise<number>;
  readEvent(eventId: string): Promise<StoredEvent | undefined>;
  /** The events of these ids that the log holds, by id; unknown ids are left out. One read for a whole batch. */
  readEvents(eventIds: readonly string[]): Promise<Map<string, StoredEvent>>;
  /** The revision of each stream's last event, -1 for a stream with none. One read for a whole batch. */
  streamRevisions(streams: readonly string[]): Promise<Map<string, number>>;
  /** Up to `limit` events of the global log after a position (exclusive). */
  readAll(after: number, limit: number): Promise<StoredEvent[]>;
  /** The position of the log's last event, 0 when empty. */
  headPosition(): Promise<number>;
  /**
   * How many events of the log lie after position `after`, up to `upTo` (inclusive). Positions need not be
   * consecutive (on EventStoreDB they are byte offsets): lag and backlog are counted with this, in events.
   * `atMost`: a larger count answers `atMost`, so a store that must read the events to count them (EventStoreDB,
   * beyond what its index knows) reads no more than that: a probe never reads the whole log.
   */
  countBetween(after: number, upTo: number, atMost?: number): Promise<number>;
  /** Catch up from `after` (exclusive), then follow new events as they are appended. */
  subscribe(after: number, handler: SubscriptionHandler): Subscription;
  /**
   * Recomputes the log's tamper-evidence chain and names the first event that breaks it. Optional: only
   * stores that keep a chain (the SQLite one) have it.
   */
  verifyIntegrity?(): Promise<IntegrityReport>;
  /**
   * Takes the read store's index of the log (the projector hands over its current one, and the next after a
   * rebuild). Optional: only stores with no index of their own (EventStoreDB) take it.
   */
  useIndex?(index: StoredLogIndex): void;
  /** Resolves when the store is reachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
