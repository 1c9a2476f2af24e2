import { StoredEvent } from './event-store.port';

/**
 * An event as the adapters keep it: data and metadata as JSON text, so every adapter hands back
 * fresh, JSON-normalised copies and the in-memory store behaves exactly like the SQLite one.
 */
export interface EventRecord {
  position: number;
  eventId: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recordedAt: number;
}

/** Field by field rather than `{ ...rest }`: an object rest copy is several times slower, on every event read. */
export function revive(r: EventRecord): StoredEvent {
  return {
    position: r.position,
    eventId: r.eventId,
    stream: r.stream,
    revision: r.revision,
    type: r.type,
    recordedAt: r.recordedAt,
    data: JSON.parse(r.data) as unknown,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  };
}
