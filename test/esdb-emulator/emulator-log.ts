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

export interface LogOptions {
  /**
   * `sequential`: 1, 2, 3… (what the ledger's end-to-end suite expects); `byte-offsets`: each position grows by
   * its record's size, as on a real server, so a client cannot get away with assuming gap-free positions.
   */
  positions?: 'sequential' | 'byte-offsets';
  /** Starts the log with a few `$`-streams, as a real server's $all does. */
  systemEvents?: boolean;
  /** Drives `created`; tests turn it backwards. */
  clock?: () => number;
}

interface StreamState {
  /** Every event written, index = revision. */
  events: Recorded[];
  /** Event id → revision, for the idempotency check. */
  ids: Map<string, number>;
  /** A soft delete hides the revisions below it; a later append re-creates the stream. */
  truncateBefore: bigint;
  tombstoned: boolean;
}

/** ExpectedVersion.Any etc. as the server puts them in the `expected-version` trailer. */
export const EXPECTED_VERSION_CODES = { any: -2n, no_stream: -1n, stream_exists: -4n } as const;
const TOMBSTONE_REVISION = 2n ** 63n - 1n;

/** The emulator's whole state: one ordered $all log and its streams, in memory. */
export class EmulatorLog {
  readonly all: Recorded[] = [];
  clock: () => number;
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners = new Set<() => void>();
  private readonly byteOffsets: boolean;
  private nextPosition: bigint;

  constructor(options: LogOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.byteOffsets = options.positions === 'byte-offsets';
    this.nextPosition = this.byteOffsets ? 1024n : 1n;
    if (options.systemEvents) {
      this.append('$settings', 'any', [systemEvent('update-default-acl')]);
      this.append('$epoch-information', 'any', [systemEvent('$epoch-information')]);
    }
  }

  /** Called after every write; returns the function that stops the calls. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(stream: string, expected: Expected, events: Proposed[]): Written {
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

  /** The stream's visible events, or why there are none to read. */
  read(stream: string): Recorded[] | 'not-found' | 'deleted' {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return 'deleted';
    const visible = state?.events.slice(Number(state.truncateBefore)) ?? [];
    return visible.length ? visible : 'not-found';
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

  private state(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state)
      this.streams.set(stream, (state = { events: [], ids: new Map(), truncateBefore: 0n, tombstoned: false }));
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
   * The server's idempotency: events that repeat the ids already at the expected place (right after an exact
   * expected revision, or anywhere in the stream for `any`) answer success without being written again. A partial
   * repeat is a wrong expected version, as the server reports a corrupted idempotency check.
   */
  private repeatOf(stream: string, state: StreamState, expected: Expected, events: Proposed[]): Written | undefined {
    if (events.length === 0) return undefined;
    const from = typeof expected === 'bigint' ? Number(expected) + 1 : (state.ids.get(events[0].id) ?? -1);
    if (state.events[from]?.id !== events[0].id || (expected === 'no_stream' && from !== 0)) return undefined;
    const matches = events.every((event, i) => state.events[from + i]?.id === event.id);
    if (!matches) throw new WrongExpectedVersion(stream, expected, last(state));
    const lastMatched = state.events[from + events.length - 1];
    return { revision: lastMatched.revision, position: lastMatched.position };
  }

  private write(record: Omit<Recorded, 'position'>, state: StreamState): void {
    const recorded = { ...record, position: this.advance(record) };
    state.ids.set(recorded.id, state.events.length);
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
