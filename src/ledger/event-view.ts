import { isActionType } from '../domain/catalogue/catalogue';
import { decode, isAction, Provenance, RecordedAction, RecordedEvent } from '../domain/events';
import { pairOfStream, streamOf } from '../domain/pair';
import { KnownAction, qualifiersOf } from '../domain/state/knowledge';
import { precisionOf, toIso } from '../domain/time';

/**
 * An event as the API shows it: the fields as posted at the top level (an action's `formality`, `formal` unless
 * said, and its `datePrecision`, which its occurredAt's form gives), its place in the log, and for an action
 * what amended it since (`retractedBy`, `correctedBy`).
 */
export function eventView(e: RecordedEvent, known?: KnownAction) {
  return {
    type: e.type,
    ...e.data,
    ...(isAction(e) && { formality: e.data.formality ?? 'formal', datePrecision: precisionOf(e.data.occurredAt) }),
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

/** An action as known at some time: the fields a correction may replace taken from what was known then. */
export function knownView(original: RecordedAction, a: KnownAction): EventView {
  const data = { ...original.data, occurredAt: a.occurredAt, details: { ...a.details }, ...qualifiersOf(a) };
  return eventView({ ...original, data }, a);
}

/** The inverse of eventView, for tools that read an exported log back (verify, import); undefined for a foreign event. */
export function fromEventView(view: EventView | Record<string, unknown>): RecordedEvent | undefined {
  const { type, eventId, recordedAt, position, pair, revision, recordedBy, provenance, ...shown } =
    view as EventView & {
      provenance?: Provenance;
    };
  // Derived, not stored: amendments from later events, the precision from occurredAt, and an action is
  // formal unless it says otherwise.
  const { retractedBy, correctedBy, datePrecision, ...data } = shown as Record<string, unknown>;
  void [retractedBy, correctedBy, datePrecision];
  if (isActionType(type) && data.formality === 'formal') delete data.formality;
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
