import {
  DuplicateEventIdError,
  EventStore,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port';
import { Metrics } from './metrics';

const kindOf = (e: unknown) =>
  e instanceof WrongExpectedRevisionError
    ? 'wrong-expected-revision'
    : e instanceof DuplicateEventIdError
      ? 'duplicate-event-id'
      : e instanceof StoreUnavailableError
        ? 'unavailable'
        : 'other';

/**
 * The event store port, measured: each append's time and size, and each failed call by operation and
 * kind. A decorator of the port, so every adapter is measured the same way and none knows of metrics.
 */
export function metered(store: EventStore, metrics: Metrics): EventStore {
  const failed =
    (operation: string) =>
    (e: unknown): never => {
      metrics.storeErrors.inc({ operation, kind: kindOf(e) });
      throw e;
    };
  return {
    async append(requests) {
      const done = metrics.appends.startTimer();
      try {
        const results = await store.append(requests);
        metrics.appendedEvents.observe(requests.reduce((n, r) => n + r.events.length, 0));
        return results;
      } catch (e) {
        return failed('append')(e);
      } finally {
        done();
      }
    },
    readStream: (stream, from) => store.readStream(stream, from).catch(failed('readStream')),
    streamRevision: (stream) => store.streamRevision(stream).catch(failed('streamRevision')),
    readEvent: (id) => store.readEvent(id).catch(failed('readEvent')),
    readEvents: (ids) => store.readEvents(ids).catch(failed('readEvents')),
    streamRevisions: (streams) => store.streamRevisions(streams).catch(failed('streamRevisions')),
    readAll: (after, limit) => store.readAll(after, limit).catch(failed('readAll')),
    headPosition: () => store.headPosition().catch(failed('headPosition')),
    countBetween: (after, upTo, atMost) => store.countBetween(after, upTo, atMost).catch(failed('countBetween')),
    subscribe: (after, handler) => store.subscribe(after, handler),
    ...(store.useIndex && { useIndex: (index) => store.useIndex!(index) }),
    ...(store.verifyIntegrity && {
      verifyIntegrity: () => store.verifyIntegrity!().catch(failed('verifyIntegrity')),
    }),
    ping: () => store.ping().catch(failed('ping')),
    close: () => store.close(),
  };
}
