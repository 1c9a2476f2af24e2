import { IndexedEvent, LogMark, StoredLogIndex } from '../event-store.port';

/** A ledger event as a read of the server gives it, before the index places it. */
export interface LogEvent {
  eventId: string;
  stream: string;
  revision: number;
  position: number;
  /** The server's `created`, in ms. */
  createdAt: number;
}

/** Reads up to `count` ledger events after a position (exclusive; 0 is the start), in log order. */
export type ReadLedger = (after: number, count: number) => Promise<LogEvent[]>;

const START: LogMark = { position: 0, seq: 0, recordedAt: 0 };
/** Events the index reads at a time. */
export const PAGE = 1000;
/** Ledger events kept in memory after the read store's: five times the backlog a writer may leave the projector. */
export const MAX_TAIL = 50_000;
/** Marks kept beyond the tail; past this, every other one is dropped (reads from the one before cost a page more). */
const MAX_MARKS = 10_000;

/**
 * What EventStoreDB cannot answer by itself about the ledger's events: which event has an id (the server has no index
 * on ids, and does not keep them unique across streams), how many events lie between two positions (positions are
 * byte offsets), and each event's recordedAt: `created`, raised to the previous event's when a server clock went back,
 * so that it never decreases along the log. Every instance derives them from the same $all order, so all agree.
 *
 * The read store holds them up to its checkpoint (StoredLogIndex, written with the projection); this keeps the rest:
 * the tail after the read store's last event, complete, up to `maxTail` events, and beyond it only the marks that
 * reads left (a rebuild's pages, a count). Memory stays flat however long the log, and a start reads from the server
 * only what the read store has not taken.
 */
export class LogIndex {
  private stored?: StoredLogIndex;
  /** The read store's last event. */
  private base = START;
  /** Every ledger event after `base`, in log order, up to maxTail of them. */
  private tail: IndexedEvent[] = [];
  private readonly byId = new Map<string, IndexedEvent>();
  /** Events beyond the tail that reads placed, in log order. */
  private marks: LogMark[] = [];

  constructor(
    private readonly read: ReadLedger,
    private readonly maxTail = MAX_TAIL,
  ) {}

  use(stored: StoredLogIndex): void {
    this.stored = stored;
    this.refresh();
  }

  /** The last event the index knows with every one before it. */
  get end(): LogMark {
    return this.tail.at(-1) ?? this.base;
  }

  /** The first event of an id, if the read store or the tail has it. */
  byEventId(eventId: string): IndexedEvent | undefined {
    this.refresh();
    const id = eventId.toLowerCase();
    return this.stored?.byEventId(id) ?? this.byId.get(id);
  }

  /**
   * Reads the log after the tail into it, until the head or until the tail is full: true when it reached the head.
   */
  async catchUp(): Promise<boolean> {
    for (;;) {
      this.refresh();
      if (this.tail.length >= this.maxTail) return false;
      const from = this.end;
      const events = await this.read(from.position, PAGE);
      this.learn(from, events);
      if (events.length && this.end.position < events[events.length - 1].position) return false; // the tail is full
      if (events.length < PAGE) return true;
    }
  }

  /**
   * The last ledger event at or before `position` (START if none), reading from the server what it does not know;
   * undefined once it has read `readAtMost` events without reaching it (the marks it left stay for the next call).
   */
  async markAt(position: number): Promise<LogMark>;
  async markAt(position: number, readAtMost: number): Promise<LogMark | undefined>;
  async markAt(position: number, readAtMost = Infinity): Promise<LogMark | undefined> {
    for (let read = 0; ; read += PAGE) {
      this.refresh();
      const known = this.known(position);
      if (known) return known;
      if (read >= readAtMost) return undefined;
      const from = this.before(position);
      const events = await this.read(from.position, PAGE);
      const placed = this.learn(from, events);
      const upTo = placed.filter((e) => e.position <= position);
      if (upTo.length < placed.length || events.length < PAGE) return upTo.at(-1) ?? from;
    }
  }

  /**
   * Places a run of ledger events that follows `from` with none between: each gets its seq and recordedAt. Those
   * after the tail join it, while it has room; the run's last is kept as a mark if it lies beyond (`mark`).
   */
  learn(from: LogMark, events: LogEvent[], mark = true): IndexedEvent[] {
    this.refresh();
    let previous = from;
    const placed = events.map(({ createdAt, ...event }) => {
      previous = { ...event, seq: previous.seq + 1, recordedAt: Math.max(createdAt, previous.recordedAt) };
      return previous as IndexedEvent;
    });
    if (from.position <= this.end.position) {
      for (const event of placed) {
        if (event.position <= this.end.position) continue;
        if (this.tail.length >= this.maxTail) break;
        this.tail.push(event);
        // The first use of an id is the event: a later one (a retry the server took again) does not replace it.
        if (!this.byId.has(event.eventId)) this.byId.set(event.eventId, event);
      }
      this.marks = this.marks.filter((m) => m.position > this.end.position);
    }
    const last = placed.at(-1);
    if (mark && last && last.position > this.end.position) this.keep(last);
    return placed;
  }

  /** The last event at or before `position`, if known without reading: everything up to the tail's end is. */
  private known(position: number): LogMark | undefined {
    if (position <= this.base.position) return (position > 0 && this.stored?.atOrBefore(position)) || START;
    if (position <= this.end.position) return floor(this.tail, position) ?? this.base;
    const mark = floor(this.marks, position);
    return mark?.position === position ? mark : undefined;
  }

  /** The furthest known event before `position`, from which to read on. */
  private before(position: number): LogMark {
    const mark = floor(this.marks, position);
    return mark && mark.position > this.end.position ? mark : this.end;
  }

  /** What the read store has taken leaves memory. */
  private refresh(): void {
    const last = this.stored?.last();
    if (!last || last.position <= this.base.position) return;
    this.base = last;
    const kept = this.tail.findIndex((e) => e.position > last.position);
    const dropped = kept < 0 ? this.tail : this.tail.slice(0, kept);
    for (const e of dropped) if (this.byId.get(e.eventId) === e) this.byId.delete(e.eventId);
    this.tail = kept < 0 ? [] : this.tail.slice(kept);
    this.marks = this.marks.filter((m) => m.position > this.end.position);
  }

  private keep(mark: LogMark): void {
    const at = floorIndex(this.marks, mark.position);
    if (this.marks[at]?.position === mark.position) return;
    this.marks.splice(at + 1, 0, { position: mark.position, seq: mark.seq, recordedAt: mark.recordedAt });
    const n = this.marks.length;
    if (n > MAX_MARKS) this.marks = this.marks.filter((_, i) => (n - 1 - i) % 2 === 0); // the last one stays
  }
}

/** The last of `marks` (in position order) at or before `position`. */
function floor<T extends LogMark>(marks: T[], position: number): T | undefined {
  return marks[floorIndex(marks, position)];
}

function floorIndex(marks: LogMark[], position: number): number {
  let [low, high] = [0, marks.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (marks[mid].position <= position) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}
