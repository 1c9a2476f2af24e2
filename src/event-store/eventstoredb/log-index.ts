/** A ledger event as the index learns it from the server. */
export interface LogEvent {
  eventId: string;
  stream: string;
  revision: number;
  position: number;
  /** The server's `created`, in ms. */
  createdAt: number;
}

/** Where a ledger event sits, and the transaction time the port reports for it. */
export interface IndexEntry {
  eventId: string;
  stream: string;
  revision: number;
  position: number;
  /** `created`, raised to the previous entry's recordedAt if the server's clock went back. */
  recordedAt: number;
}

/**
 * The ledger's events in log order, without their data: what EventStoreDB cannot answer by itself. It finds an
 * event by id (the server has no index on ids, and does not keep them unique across streams), tells each stream's
 * last revision for the all-or-nothing check of a batch, and turns `created` into a recordedAt that never
 * decreases along the log. Every instance builds it from the same $all order, so all of them agree.
 */
export class LogIndex {
  private readonly entries: IndexEntry[] = [];
  private readonly byId = new Map<string, IndexEntry>();
  private readonly lastRevisions = new Map<string, number>();
  /** Every ledger event at or before this $all position is indexed (it may be a foreign event's position). */
  covered = 0;

  /**
   * Adds `events`, which must be every ledger event in ($all) positions (from, to], in order. Ignored when `from`
   * lies beyond what is covered, since that would leave a gap.
   */
  feed(events: LogEvent[], from: number, to: number): void {
    if (from > this.covered) return;
    for (const event of events) if (event.position > this.covered) this.add(event);
    this.covered = Math.max(this.covered, to);
  }

  byEventId(eventId: string): IndexEntry | undefined {
    return this.byId.get(eventId.toLowerCase());
  }

  at(position: number): IndexEntry | undefined {
    const entry = this.entries[this.floorIndex(position)];
    return entry?.position === position ? entry : undefined;
  }

  /** The position of the last ledger event at or before `position`, 0 when there is none. */
  floor(position: number): number {
    return this.entries[this.floorIndex(position)]?.position ?? 0;
  }

  /** How many ledger events lie in positions (after, upTo]. */
  countBetween(after: number, upTo: number): number {
    return Math.max(0, this.floorIndex(upTo) - this.floorIndex(after));
  }

  lastRevision(stream: string): number {
    return this.lastRevisions.get(stream) ?? -1;
  }

  get head(): number {
    return this.entries.at(-1)?.position ?? 0;
  }

  private add({ createdAt, ...event }: LogEvent): void {
    const entry = { ...event, recordedAt: Math.max(createdAt, this.entries.at(-1)?.recordedAt ?? 0) };
    this.entries.push(entry);
    // The first use of an id is the event: a later duplicate (two instances racing) does not replace it.
    if (!this.byId.has(entry.eventId.toLowerCase())) this.byId.set(entry.eventId.toLowerCase(), entry);
    this.lastRevisions.set(entry.stream, Math.max(entry.revision, this.lastRevision(entry.stream)));
  }

  /** Index of the last entry at or before `position`, -1 when none. */
  private floorIndex(position: number): number {
    let [low, high] = [0, this.entries.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.entries[mid].position <= position) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }
}
