import stringify from 'safe-stable-stringify';
import { StoredEvent } from '../event-store/event-store.port';
import { Hash, leafHash } from './merkle';

/** What a leaf commits to: an event as the log stores it, before any upcast, without its store-given position. */
export type LeafEvent = Pick<
  StoredEvent,
  'eventId' | 'stream' | 'revision' | 'type' | 'data' | 'metadata' | 'recordedAt'
>;

/**
 * A leaf's bytes: the event's stored fields as JSON with sorted keys and no spaces, in UTF-8. The position is
 * left out: it is the store's (a byte offset on EventStoreDB), while the leaf's index is the event's place in the
 * ledger's own order. Upcasting an older shape happens where an event is decoded, never here: a leaf hashes what
 * was written, so it never changes.
 */
export function leafOf(e: LeafEvent): Hash {
  const { eventId, stream, revision, type, data, metadata, recordedAt } = e;
  const json = stringify({ eventId, stream, revision, type, data, metadata, recordedAt }) as string;
  return leafHash(Buffer.from(json, 'utf8'));
}
