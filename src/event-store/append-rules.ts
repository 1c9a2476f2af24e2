import {
  AppendRequest,
  AppendResult,
  DuplicateEventIdError,
  ExpectedRevision,
  StoredEvent,
  WrongExpectedRevisionError,
} from './event-store.port';
import { EventRecord, revive } from './event-record';

/** What an adapter exposes inside its write transaction; the rules below are shared by all local adapters. */
export interface LogTransaction {
  eventById(eventId: string): EventRecord | undefined;
  /** The stream's last revision, -1 when it has no events. */
  lastRevision(stream: string): number;
  /** The recordedAt of the log's last event, 0 when empty. */
  lastRecordedAt(): number;
  /** Writes the record and returns its position. */
  insert(record: Omit<EventRecord, 'position'>): number;
}

/**
 * Applies the requests in order (a later one sees the earlier ones' events). The caller runs this in one
 * transaction and rolls it back when it throws, so an append is all or nothing.
 */
export function appendAll(log: LogTransaction, requests: AppendRequest[], clock: () => number): AppendResult[] {
  // One transaction time for the whole append, never behind the log so recordedAt cannot decrease.
  const recordedAt = Math.max(clock(), log.lastRecordedAt());
  return requests.map(({ stream, events, expectedRevision }) => {
    const repeated = findRepeat(log, stream, events);
    if (repeated) return { stream, events: repeated, duplicate: true };
    const actual = log.lastRevision(stream);
    checkExpectedRevision(stream, expectedRevision, actual);
    const stored = events.map((event, i) => {
      const record: EventRecord = {
        position: 0,
        eventId: event.eventId,
        stream,
        revision: actual + 1 + i,
        type: event.type,
        data: JSON.stringify(event.data ?? null),
        metadata: JSON.stringify(event.metadata),
        recordedAt,
      };
      // Adapters copy what they keep, so the record itself takes its position and becomes the answer.
      record.position = log.insert(record);
      return revive(record);
    });
    return { stream, events: stored, duplicate: false };
  });
}

/**
 * A retry repeats a stored run of events exactly (same stream, order, consecutive revisions, types): it gets
 * the stored events back. Any other use of a taken id is an error. The expected revision is not checked for a
 * retry, because the first attempt already moved the stream past it.
 */
function findRepeat(log: LogTransaction, stream: string, events: AppendRequest['events']): StoredEvent[] | undefined {
  if (events.length === 0) return undefined;
  const first = log.eventById(events[0].eventId);
  if (!first) {
    const seen = new Set<string>();
    for (const { eventId } of events) {
      if (seen.has(eventId) || log.eventById(eventId)) throw new DuplicateEventIdError(eventId);
      seen.add(eventId);
    }
    return undefined;
  }
  return events.map(({ eventId, type }, i) => {
    const stored = i === 0 ? first : log.eventById(eventId);
    if (!stored) throw new DuplicateEventIdError(first.eventId);
    if (stored.stream !== stream || stored.revision !== first.revision + i || stored.type !== type) {
      throw new DuplicateEventIdError(eventId);
    }
    return revive(stored);
  });
}

function checkExpectedRevision(stream: string, expected: ExpectedRevision, actual: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    expected === actual;
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual);
}
