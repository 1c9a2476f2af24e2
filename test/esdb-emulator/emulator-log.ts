import { randomUUID } from 'node:crypto';

/** What an append proposes, as the client sends it. */
export interface Proposed {
  /** Lower-case UUID text: the server keeps ids canonical, whatever case the client sent. */
  id: string;
  type: string;
  contentType: string;
  customMetadata: Uint8Array;
  data: Uint8Array;
}

export interface Recorded extends Proposed {
  stream: string;
  revision: bigint;
  /** Commit position, equal to the prepare position as for every event written outside an explicit transaction. */
  position: bigint;
  /** 100 ns ticks since the Unix epoch. */
  created: bigint;
}

export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export class WrongExpectedVersion extends Error {
  constructor(
    readonly stream: string,
    readonly expected: Expected,
    /** undefined: the stream has no events. */
    readonly current: bigint | undefined,
  ) {
    super(`WrongExpectedVersion: ${stream} is at ${String(current ?? 'no_stream')}, expected ${String(expected)}`);
  }
}

/** An append whose events weigh more than the server takes in one append (its `MaxAppendSize`). */
export class MaximumAppendSizeExceeded extends Error {
  constructor(readonly maxAppendSize: number) {
    super(`Maximum Append Size of ${maxAppendSize} Exceeded.`);
  }
}

export class StreamDeleted extends Error {
  constructor(readonly stream: string) {
    super(`Stream ${stream} is deleted`);
  }
}

export interface Written {
  /** The stream's last revision after the write. */
  revision: bigint;
  position: bigint;
}

/**
 * By default the log is as strict as a real server: positions are byte offsets after a few system events, an append
 * over 1 MiB is refused, and `any` recognises a repeated id only while its bounded cache remembers it.
 */
export interface LogOptions {
  /**
   * `byte-offsets` (default): each position grows by its record's size, as on a real server, so a client cannot get
   * away with assuming gap-free positions; `sequential`: 1, 2, 3… (what suites asserting positions expect).
   */
  positions?: 'sequential' | 'byte-offsets';
  /** Starts the log with a few `$`-streams, as a real server's $all does (default: with byte offsets). */
  systemEvents?: boolean;
  /** The server's `MaxAppendSize`: the bytes one append may carry (default 1 MiB; 0: no limit). */
  maxAppendSize?: number;
  /**
   * How many recently written event ids an `any` append recognises as a repeat (default 100,000, about what the
   * server's 8 MiB cache holds). The server keeps them in memory on the leader: a restart or an election forgets them.
   */
  recentIds?: number;
  /** Drives `created`; tests turn it backwards. */
  clock?: () => number;
}

interface StreamState {
  /** Every event written, index = revision. */
  events: Recorded[];
  /** A soft delete hides the revisions below it; a later append re-creates the stream. */
  truncateBefore: bigint;
  tombstoned: boolean;
}

/** ExpectedVersion.Any etc. as the server puts them in the `expected-version` trailer. */
export const EXPECTED_VERSION_CODES = { any: -2n, no_stream: -1n, stream_exists: -4n } as const;
const TOMBSTONE_REVISION = 2n ** 63n - 1n;
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** What the server counts toward MaxAppendSize for one event (`Event.SizeOnDisk`): data, metadata, the type in UTF-16. */
export const sizeOnDisk = (event: Pick<Proposed, 'type' | 'data' | 'customMetadata'>) =>
  event.data.length + event.customMetadata.length + 2 * event.type.length;

/** The emulator's whole state: one ordered $all log and its streams, in memory. */
export class EmulatorLog {
  readonly all: Recorded[] = [];
  clock: () => number;
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners = new Set<() => void>();
  private readonly byteOffsets: boolean;
  private readonly maxAppendSize: number;
  private readonly recentCapacity: number;
  /** Recently written ids → their event, oldest first: what an `any` append can recognise. */
  private recent = new Map<string, Recorded>();
  private nextPosition: bigint;

  constructor(options: LogOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.byteOffsets = (options.positions ?? 'byte-offsets') === 'byte-offsets';
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    this.recentCapacity = options.recentIds ?? 100_000;
    this.nextPosition = this.byteOffsets ? 1024n : 1n;
    if (options.systemEvents ?? this.byteOffsets) {
      this.append('$settings', 'any', [systemEvent('update-default-acl')]);
      this.append('$epoch-information', 'any', [systemEvent('$epoch-information')]);
    }
  }

  /** Called after every write; returns the function that stops the calls. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the recent ids, as a restarted server or a new leader does. */
  forgetRecentIds(): void {
    this.recent = new Map();
  }

  append(stream: string, expected: Expected, events: Proposed[]): Written {
    this.checkSize(events);
    const state = this.state(stream);
    if (state.tombstoned) throw new StreamDeleted(stream);
    const repeat = this.repeatOf(stream, state, expected, events);
    if (repeat) return repeat;
    this.check(stream, state, expected);
    if (events.length === 0) return { revision: last(state), position: this.all.at(-1)?.position ?? 0n };
    const created = this.ticks();
    for (const event of events) this.write({ ...event, stream, revision: last(state) + 1n, created }, state);
    this.notify();
    return { revision: last(state), position: state.events.at(-1)!.position };
  }

  /**
   * KurrentDB's append across streams: every expected revision is checked before anything is written, then all
   * go in, in order, as one transaction. A stream may appear once; repeated ids are not recognised.
   */
  appendAcross(appends: Array<{ stream: string; expected: Expected; events: Proposed[] }>): Written[] {
    this.checkSize(appends.flatMap((a) => a.events));
    for (const { stream, expected } of appends) {
      const state = this.state(stream);
      if (state.tombstoned) throw new StreamDeleted(stream);
      this.check(stream, state, expected);
    }
    const created = this.ticks();
    const written = appends.map(({ stream, events }) => {
      const state = this.state(stream);
      for (const event of events) this.write({ ...event, stream, revision: last(state) + 1n, created }, state);
      return { revision: last(state), position: state.events.at(-1)?.position ?? 0n };
    });
    this.notify();
    return written;
  }

  /** Soft delete: the stream reads as not found until it is appended to again. */
  delete(stream: string, expected: Expected): bigint {
    const state = this.state(stream);
    if (state.tombstoned) throw new StreamDeleted(stream);
    this.check(stream, state, expected);
    state.truncateBefore = last(state) + 1n;
    const data = Buffer.from(JSON.stringify({ $tb: Number(state.truncateBefore) }));
    const meta = this.state(`$$${stream}`);
    const record = { ...systemEvent('$metadata', data), stream: `$$${stream}`, revision: last(meta) + 1n };
    this.write({ ...record, created: this.ticks() }, meta);
    this.notify();
    return meta.events.at(-1)!.position;
  }

  /** Hard delete: the stream can never be read or written again. */
  tombstone(stream: string, expected: Expected): bigint {
    const state = this.state(stream);
    if (state.tombstoned) throw new StreamDeleted(stream);
    this.check(stream, state, expected);
    const record = { ...systemEvent('$streamDeleted'), stream, revision: TOMBSTONE_REVISION, created: this.ticks() };
    this.all.push({ ...record, position: this.advance(record) });
    state.tombstoned = true;
    this.notify();
    return this.all.at(-1)!.position;
  }

  /**
   * The stream's visible events, or why there are none to read: those a soft delete left, and of them those its
   * metadata keeps (`$tb`: from that revision; `$maxCount`: the last so many; `$maxAge`: written within so many
   * seconds), as a server's reads show them before a scavenge removes the rest.
   */
  read(stream: string): Recorded[] | 'not-found' | 'deleted' {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return 'deleted';
    const { $tb = 0, $maxCount = Infinity, $maxAge = Infinity } = this.metadataOf(stream);
    const from = Math.max(Number(state?.truncateBefore ?? 0), $tb, (state?.events.length ?? 0) - $maxCount);
    const oldest = $maxAge === Infinity ? -Infinity : this.ticks() - BigInt($maxAge) * 10_000_000n;
    const visible = state?.events.slice(Math.max(0, from)).filter((e) => e.created >= oldest) ?? [];
    return visible.length ? visible : 'not-found';
  }

  /** The event a link event (`$>`, data `revision@stream`) points to, if it can still be read. */
  linked(link: Recorded): Recorded | undefined {
    const [, revision, stream] = /^(\d+)@(.+)$/s.exec(Buffer.from(link.data).toString('utf8')) ?? [];
    const events = stream === undefined ? undefined : this.read(stream);
    return Array.isArray(events) ? events.find((e) => e.revision === BigInt(revision)) : undefined;
  }

  /** Index in `all` of the first event at or after (`inclusive`) or strictly after a position. */
  indexOf(position: bigint, inclusive: boolean): number {
    let [low, high] = [0, this.all.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      const p = this.all[mid].position;
      if (p < position || (!inclusive && p === position)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The stream's metadata (the last event of `$$stream`), as far as reads honour it. */
  private metadataOf(stream: string): { $tb?: number; $maxCount?: number; $maxAge?: number } {
    const last = this.streams.get(`$$${stream}`)?.events.at(-1);
    if (!last || stream.startsWith('$$')) return {};
    try {
      const metadata = JSON.parse(Buffer.from(last.data).toString('utf8')) as Record<string, unknown>;
      const number = (key: string) => (typeof metadata[key] === 'number' ? metadata[key] : undefined);
      return { $tb: number('$tb'), $maxCount: number('$maxCount'), $maxAge: number('$maxAge') };
    } catch {
      return {};
    }
  }

  private checkSize(events: Proposed[]): void {
    const size = events.reduce((sum, event) => sum + sizeOnDisk(event), 0);
    if (this.maxAppendSize && size > this.maxAppendSize) throw new MaximumAppendSizeExceeded(this.maxAppendSize);
  }

  private state(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) this.streams.set(stream, (state = { events: [], truncateBefore: 0n, tombstoned: false }));
    return state;
  }

  private check(stream: string, state: StreamState, expected: Expected): void {
    const current = last(state);
    const exists = current >= state.truncateBefore;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && !exists) ||
      (expected === 'stream_exists' && exists) ||
      (typeof expected === 'bigint' && current >= 0n && expected === current);
    if (!ok) throw new WrongExpectedVersion(stream, expected, exists ? current : undefined);
  }

  /**
   * The server's idempotency: events that repeat the ids already at the expected place answer success without being
   * written again. After an exact expected revision (or `no_stream`) the stream itself tells; for `any` and
   * `stream_exists` only the recent-id cache does, so an id it has forgotten is written again. A partial repeat is a
   * wrong expected version, as the server reports a corrupted idempotency check.
   */
  private repeatOf(stream: string, state: StreamState, expected: Expected, events: Proposed[]): Written | undefined {
    if (events.length === 0) return undefined;
    const cached = this.recent.get(events[0].id);
    let from = cached?.stream === stream ? Number(cached.revision) : -1;
    if (typeof expected === 'bigint') from = Number(expected) + 1;
    else if (expected === 'no_stream') from = 0;
    if (state.events[from]?.id !== events[0].id) return undefined;
    const matches = events.every((event, i) => state.events[from + i]?.id === event.id);
    if (!matches) throw new WrongExpectedVersion(stream, expected, last(state));
    const lastMatched = state.events[from + events.length - 1];
    return { revision: lastMatched.revision, position: lastMatched.position };
  }

  private write(record: Omit<Recorded, 'position'>, state: StreamState): void {
    const recorded = { ...record, position: this.advance(record) };
    this.recent.set(recorded.id, recorded);
    if (this.recent.size > this.recentCapacity) this.recent.delete(this.recent.keys().next().value!);
    state.events.push(recorded);
    this.all.push(recorded);
  }

  private advance(record: Omit<Recorded, 'position'>): bigint {
    const position = this.nextPosition;
    const size = 128 + record.stream.length + record.type.length + record.data.length + record.customMetadata.length;
    this.nextPosition += this.byteOffsets ? BigInt(size) : 1n;
    return position;
  }

  private ticks(): bigint {
    return BigInt(Math.trunc(this.clock())) * 10_000n;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function last(state: StreamState): bigint {
  return BigInt(state.events.length) - 1n;
}

function systemEvent(type: string, data: Uint8Array = Buffer.from('{}')): Proposed {
  return { id: randomUUID(), type, contentType: 'application/json', customMetadata: new Uint8Array(), data };
}
