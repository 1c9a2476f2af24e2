import { isAction, RecordedEvent } from '../domain/events';
import { pairOfStream } from '../domain/pair';
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
    position: e.position,
    pair: pairOfStream(e.stream),
    revision: e.revision,
    ...(isAction(e) && known?.retractedBy && { retractedBy: known.retractedBy }),
    ...(isAction(e) && known?.correctedBy.length && { correctedBy: known.correctedBy }),
  };
}
