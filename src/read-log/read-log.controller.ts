import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { sourceOf } from '../domain/events';
import { ReadLogQueryDto } from './read-log.dto';
import type { ReadLogHandler } from './read-log.handler';
import { ReadLogQuery } from './read-log.query';

const PAGE = 1000;

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
      // Page by page, so the log is never held in memory whole.
      const queries = this.queries;
      const lines = async function* () {
        for (let next: number | null = after; next !== null;) {
          const page: Awaited<ReturnType<ReadLogHandler['execute']>> = await queries.execute(
            new ReadLogQuery(next, PAGE, source),
          );
          for (const e of page.events) yield `${JSON.stringify(e)}\n`;
          next = page.next;
        }
      };
      return res.type('application/x-ndjson').send(Readable.from(lines()));
    }
    return res.send(await this.queries.execute(new ReadLogQuery(after, q.limit ?? 100, source)));
  }
}
