import { decode, isAction, Provenance, RecordedEvent } from '../domain/events';
import { pairOfStream, streamOf } from '../domain/pair';
import { KnownAction } from '../domain/state/knowledge';
import { toIso } from '../domain/time';

/**
 * An event as the API shows it: the fields as posted at the top level, its place in
 * the log, and for an action what amended it since (`retractedBy`, `correctedBy`).
 */
export function eventView(e: RecordedEvent, known?: KnownAction) {
  return {
    type: e.type,
    ...e.data,
    eventId: e.eventId,
    recordedAt: toIso(e.recordedAt),
    ...(e.metadata?.recordedBy !== undefined && { recordedBy: e.metadata.recordedBy }),
    ...(e.metadata?.provenance !== undefined && { provenance: e.metadata.provenance }),
    position: e.position,
    pair: pairOfStream(e.stream),
    revision: e.revision,
    ...(isAction(e) && known?.retractedBy && { retractedBy: known.retractedBy }),
    ...(isAction(e) && known?.correctedBy.length && { correctedBy: known.correctedBy }),
  };
}

export type EventView = ReturnType<typeof eventView>;

/** The inverse of eventView, for tools that read an exported log back (verify, import); undefined for a foreign event. */
export function fromEventView(view: EventView | Record<string, unknown>): RecordedEvent | undefined {
  const {
    type,
    eventId,
    recordedAt,
    position,
    pair,
    revision,
    recordedBy,
    provenance,
    retractedBy,
    correctedBy,
    ...data
  } = view as EventView & { retractedBy?: string; correctedBy?: string[]; provenance?: Provenance };
  void retractedBy; // derived from later events, not part of this one
  void correctedBy;
  return decode({
    type,
    eventId,
    data,
    stream: streamOf(pair!),
    revision,
    position,
    recordedAt: Date.parse(recordedAt),
    metadata: { ...(recordedBy !== undefined && { recordedBy }), ...(provenance !== undefined && { provenance }) },
  });
}
