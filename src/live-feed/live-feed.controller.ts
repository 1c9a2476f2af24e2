import {
  BeforeApplicationShutdown,
  Controller,
  Get,
  Headers,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { invalid } from '../domain/errors';
import { pairOfStream } from '../domain/pair';
import { StoredEvent } from '../event-store/event-store.port';
import { pairParam } from '../http/pair-param';
import { Metrics } from '../observability/metrics';
import { LiveFeedQueryDto } from './live-feed.dto';
import { LiveLog } from './live-log';

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
 * Server-sent events: catches up from a position, then follows the log live (LiveLog). Each frame's id is the
 * event's position, so a client reconnecting with Last-Event-ID misses nothing.
 */
@ApiTags('events')
@Controller('v1/events')
export class LiveFeedController implements BeforeApplicationShutdown {
  /** Open streams, ended at shutdown so the server can close. */
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly live: LiveLog,
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
  @ApiOperation({
    summary:
      'The log as server-sent events: catch up from `after` (or Last-Event-ID), then live. 503 when LIVE_FEED_MAX connections are open',
  })
  @ApiProduces('text/event-stream')
  follow(
    @Query() q: LiveFeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: FastifyReply,
  ) {
    const resume = lastEventId === undefined ? undefined : Number(lastEventId);
    if (resume !== undefined && !(Number.isInteger(resume) && resume >= 0)) {
      throw invalid('Last-Event-ID must be a log position (a non-negative integer)');
    }
    const wanted = filterOf(q);
    if (!this.live.enter()) {
      throw new ServiceUnavailableException(
        'the live feed has as many connections as LIVE_FEED_MAX allows: retry later, with Last-Event-ID',
      );
    }
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
    raw.on('close', () => {
      this.open.delete(raw);
      clearInterval(heartbeat);
    });
    void this.live.serve(resume ?? q.after ?? 0, wanted, raw);
  }
}
