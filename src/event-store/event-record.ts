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

export function revive(record: EventRecord): StoredEvent {
  const { data, metadata, ...rest } = record;
  return { ...rest, data: JSON.parse(data) as unknown, metadata: JSON.parse(metadata) as Record<string, unknown> };
}
