import { randomUUID } from 'node:crypto';
import { ActionType } from '../../src/domain/catalogue/catalogue';
import { decode, RecordedEvent } from '../../src/domain/events';
import { pairOf, streamOf } from '../../src/domain/pair';
import { Qualifiers } from '../../src/domain/qualifiers';

/**
 * Builds a log of recorded events for specs: positions, revisions and recordedAt as a store would give them,
 * each read back through `decode`, as every reader of the log gets it.
 */
const stored = (e: RecordedEvent): RecordedEvent => decode({ ...e, metadata: {} })!;

export function history(start = Date.UTC(2022, 0, 1)) {
  const events: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  let clock = start;
  const place = (stream: string, recordedAt?: number) => {
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    clock = Math.max(clock + 1000, recordedAt ?? 0);
    return { stream, revision, position: events.length + 1, recordedAt: clock, metadata: {} };
  };
  const streamOfAction = (id: string) => events.find((e) => e.eventId === id)!.stream;
  return {
    events,
    /** Records an action; returns its event id. */
    action(
      type: ActionType,
      actor: string,
      target: string,
      occurredAt: string,
      details: Record<string, unknown> = {},
      opts: { recordedAt?: number; eventId?: string; qualifiers?: Qualifiers } = {},
    ): string {
      const eventId = opts.eventId ?? randomUUID();
      const stream = streamOf(pairOf(actor, target));
      const data = { actor, target, occurredAt, details, ...opts.qualifiers };
      events.push(stored({ type, eventId, data, ...place(stream, opts.recordedAt) }));
      return eventId;
    },
    retract(id: string, opts: { recordedAt?: number } = {}): string {
      const eventId = randomUUID();
      const data = { retracts: id, reason: 'error' };
      events.push(stored({ type: 'ActionRetracted', eventId, data, ...place(streamOfAction(id), opts.recordedAt) }));
      return eventId;
    },
    correct(
      id: string,
      fix: { occurredAt?: string; details?: Record<string, unknown> } & Qualifiers,
      opts: { recordedAt?: number } = {},
    ) {
      const eventId = randomUUID();
      const data = { corrects: id, reason: 'fix', ...fix };
      events.push(stored({ type: 'ActionCorrected', eventId, data, ...place(streamOfAction(id), opts.recordedAt) }));
      return eventId;
    },
    /** The transaction time of the last event so far. */
    now: () => clock,
  };
}
