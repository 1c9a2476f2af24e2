import { BeforeApplicationShutdown, Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { invalid } from '../domain/errors';
import { decode } from '../domain/events';
import { pairOfStream } from '../domain/pair';
import { EVENT_STORE, EventStore, StoredEvent } from '../event-store/event-store.port';
import { pairParam } from '../http/pair-param';
import { eventView } from '../ledger/event-view';
import { Metrics } from '../observability/metrics';
import { LiveFeedQueryDto } from './live-feed.dto';

const HEARTBEAT_MS = 15_000;

/** Which events a client asked for: all, those of one pair, or those of pairs a party is in. */
function filterOf(q: LiveFeedQueryDto): (e: StoredEvent) => boolean {
  if (q.pair !== undefined) {
    const [a, b, rest] = q.pair.split(',');
    if (b === undefined || rest !== undefined) throw invalid('pair must be two codes separated by a comma: JP,RU');
    const key = pairParam(a, b).join('-');
    return (e) => pairOfStream(e.stream)?.join('-') === key;
  }
  if (q.country !== undefined) return (e) => !!pairOfStream(e.stream)?.includes(q.country!);
  return () => true;
}

/**
 * Server-sent events: catches up from a position, then follows the log live. Each frame's
 * id is the event's position, so a client reconnecting with Last-Event-ID misses nothing.
 */
@ApiTags('events')
@Controller('v1/events')
export class LiveFeedController implements BeforeApplicationShutdown {
  /** Open streams, ended at shutdown so the server can close. */
  private readonly open = new Set<ServerResponse>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    metrics: Metrics,
  ) {
    metrics.gauge('chancery_live_feed_connections', 'Open server-sent-event streams of the log', [], (g) =>
      g.set(this.open.size),
    );
  }

  beforeApplicationShutdown() {
    for (const raw of this.open) raw.end();
  }

  @Get('live')
  @ApiOperation({ summary: 'The log as server-sent events: catch up from `after` (or Last-Event-ID), then live' })
  @ApiProduces('text/event-stream')
  follow(
    @Query() q: LiveFeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ) {
    const resume = lastEventId === undefined ? undefined : Number(lastEventId);
    if (resume !== undefined && !(Number.isInteger(resume) && resume >= 0)) {
      throw invalid('Last-Event-ID must be a log position (a non-negative integer)');
    }
    const wanted = filterOf(q);
    const raw = res.hijack().raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': connected\n\n');
    this.open.add(raw);
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const subscription = this.store.subscribe(resume ?? q.after ?? 0, async (events) => {
      for (const stored of events) {
        const e = wanted(stored) && !raw.destroyed && decode(stored);
        if (!e) continue;
        const frame = `id: ${e.position}\ndata: ${JSON.stringify(eventView(e))}\n\n`;
        // A slow client holds the subscription back rather than growing a buffer without bound.
        if (!raw.write(frame)) await Promise.race([once(raw, 'drain'), once(raw, 'close')]);
      }
    });
    req.raw.on('close', () => {
      this.open.delete(raw);
      clearInterval(heartbeat);
      void subscription.unsubscribe();
    });
  }
}
