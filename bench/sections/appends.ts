import { join } from 'node:path';
import { Context, logShape } from '../config';
import { GeneratedEvent, generateLog } from '../lib/data';
import { product } from '../lib/product';
import { openRaw } from '../lib/raw';
import { ratioAtLeast } from '../lib/report';
import { now } from '../lib/stats';

/**
 * (1) Durable single appends through the store port vs raw better-sqlite3 doing the same durable
 * insert. The two run in alternating slices, so a burst of load from elsewhere hits both alike.
 */
export async function appends(ctx: Context): Promise<void> {
  const { appendRounds, appendMs } = ctx.size;
  // Enough distinct events for either side at up to 20,000 appends a second.
  const events = [...generateLog(logShape(Math.ceil((appendRounds * appendMs * 20_000) / 1000), 1))];
  const raw = openRaw(join(ctx.work, 'raw-single.db'));
  const store = new (product().SqliteEventStore)(join(ctx.work, 'port-single.db'));
  const totals = { raw: { n: 0, ms: 0 }, port: { n: 0, ms: 0 } };
  let rawNext = 0;
  let portNext = 0;

  const slice = async (side: 'raw' | 'port') => {
    const start = now();
    if (side === 'raw') {
      while (now() - start < appendMs && rawNext < events.length) raw.appendOne(events[rawNext++]);
    } else {
      while (now() - start < appendMs && portNext < events.length) {
        const g: GeneratedEvent = events[portNext++];
        await store.append([{ stream: g.stream, events: [g.event], expectedRevision: 'any' }]);
      }
    }
    totals[side].ms += now() - start;
  };
  for (let round = 0; round < appendRounds; round++) {
    // Alternate who goes first: neither side always gets the warmer page cache.
    for (const side of round % 2 ? (['port', 'raw'] as const) : (['raw', 'port'] as const)) await slice(side);
  }
  totals.raw.n = rawNext;
  totals.port.n = portNext;
  raw.close();
  await store.close();

  const rawRate = (totals.raw.n * 1000) / totals.raw.ms;
  const portRate = (totals.port.n * 1000) / totals.port.ms;
  ctx.measured.rawSingleAppend = rawRate;
  ctx.report.add(
    '1',
    'durable single appends, store port',
    portRate,
    'events/s',
    { name: 'raw better-sqlite3, 1 tx/append', value: rawRate },
    ratioAtLeast(0.8),
  );
}
