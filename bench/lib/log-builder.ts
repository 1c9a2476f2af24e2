import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { streamOf } from '../../src/domain/pair';
import { AppendRequest } from '../../src/event-store/event-store.port';
import { GeneratedEvent, generateLog, HOT_PAIR, Shape } from './data';
import { product } from './product';
import { now } from './stats';

/** Events per append call when building a log: one durable transaction each. */
const CHUNK = 2000;

export interface BuiltLog {
  dir: string;
  events: number;
  /** The long-history pair: its events, actions, and the range of its valid and transaction times. */
  hot: {
    events: number;
    actions: number;
    firstAt: number;
    lastAt: number;
    firstRecorded: number;
    lastRecorded: number;
  };
  pairs: number;
  rate: number;
}

/**
 * Writes a generated log through the store port, a large append (one transaction) at a time, with
 * the generator's transaction times as the store's clock: fast, and the log looks 25 years old.
 * The read models are left for the service's projector to catch up with.
 */
export async function buildLog(dir: string, shape: Shape): Promise<BuiltLog> {
  mkdirSync(dir, { recursive: true });
  let clock = 0;
  const store = new (product().SqliteEventStore)(join(dir, 'events.db'), () => clock);
  const hotStream = streamOf(HOT_PAIR);
  const hot = { events: 0, actions: 0, firstAt: Infinity, lastAt: -Infinity, firstRecorded: 0, lastRecorded: 0 };
  const streams = new Set<string>();
  const started = now();
  let chunk: GeneratedEvent[] = [];
  const flush = async () => {
    clock = chunk[0].recordedAt;
    const requests: AppendRequest[] = chunk.map((g) => ({
      stream: g.stream,
      events: [g.event],
      expectedRevision: 'any',
    }));
    await store.append(requests);
    chunk = [];
  };
  for (const g of generateLog(shape)) {
    streams.add(g.stream);
    if (g.stream === hotStream) {
      hot.events++;
      hot.firstRecorded ||= g.recordedAt;
      hot.lastRecorded = g.recordedAt;
      if (g.body) {
        hot.actions++;
        const at = Date.parse(g.body.occurredAt);
        hot.firstAt = Math.min(hot.firstAt, at);
        hot.lastAt = Math.max(hot.lastAt, at);
      }
    }
    chunk.push(g);
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length) await flush();
  await store.close();
  return { dir, events: shape.events, hot, pairs: streams.size, rate: (shape.events * 1000) / (now() - started) };
}
