import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { sourceOf } from '../domain/events';
import { longReads } from '../event-store/turns';
import { ReadLogQueryDto } from './read-log.dto';
import type { ReadLogHandler } from './read-log.handler';
import { ReadLogQuery } from './read-log.query';

/** Events a page of an NDJSON export reads and writes at once: a few milliseconds of work per turn. */
const PAGE = 250;

@ApiTags('events')
@Controller('v1/events')
export class ReadLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'A page of the global log, or (NDJSON, no limit) the whole log streamed from `after`' })
  @ApiProduces('application/json', 'application/x-ndjson')
  async read(@Query() q: ReadLogQueryDto, @Headers('accept') accept: string | undefined, @Res() res: FastifyReply) {
    const after = q.after ?? 0;
    const source = q.source === undefined ? undefined : sourceOf(q.source);
    if (q.limit === undefined && accept?.includes('application/x-ndjson')) {
      // Page by page, so the log is never held in memory whole; a page per turn, so other requests go between.
      const queries = this.queries;
      const lines = async function* () {
        for (let next: number | null = after; next !== null;) {
          await longReads.take();
          const page: Awaited<ReturnType<ReadLogHandler['execute']>> = await queries.execute(
            new ReadLogQuery(next, PAGE, source),
          );
          yield page.events.map((e) => `${JSON.stringify(e)}\n`).join('');
          next = page.next;
        }
      };
      return res.type('application/x-ndjson').send(Readable.from(lines()));
    }
    return res.send(await this.queries.execute(new ReadLogQuery(after, q.limit ?? 100, source)));
  }
}
