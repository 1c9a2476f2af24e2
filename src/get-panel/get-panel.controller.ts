import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { describeBadParty, isParty } from '../domain/codes';
import { invalid } from '../domain/errors';
import { Pair } from '../domain/pair';
import { pairParam } from '../http/pair-param';
import { csvLines } from './csv';
import { GetPanelQueryDto, PanelFormat } from './get-panel.dto';
import { GetPanelQuery, PanelAnswer } from './get-panel.query';
import { PANEL_COLUMNS, rowObject } from './panel';

const list = (value: string | undefined) => value?.split(',').map((v) => v.trim());

function partiesOf(value: string | undefined): string[] | undefined {
  return list(value)?.map((code, i) => {
    if (!isParty(code)) throw invalid(describeBadParty(`parties[${i}]`, code));
    return code;
  });
}

function pairsOf(value: string | undefined): Pair[] | undefined {
  return list(value)?.map((pair, i) => {
    const [a, b, more] = pair.split('-');
    if (b === undefined || more !== undefined)
      throw invalid(`pairs[${i}] must be two codes joined by "-" (JP-RU); got ${JSON.stringify(pair)}`);
    try {
      return pairParam(a, b);
    } catch (e) {
      throw invalid(`pairs[${i}]: ${(e as Error).message}`);
    }
  });
}

const CONTENT_TYPE: Record<PanelFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  json: 'application/json; charset=utf-8',
};

/** The panel in a format, a pair's rows at a time. */
async function* body(format: PanelFormat, answer: PanelAnswer): AsyncGenerator<string> {
  const { rows, rowCount: _, ...question } = answer;
  if (format === 'csv') yield csvLines([PANEL_COLUMNS]);
  if (format === 'json') yield `${JSON.stringify({ ...question, columns: PANEL_COLUMNS }).slice(0, -1)},"rows":[`;
  let first = true;
  for await (const pairRows of rows) {
    if (format === 'csv') yield csvLines(pairRows);
    else if (format === 'ndjson') yield pairRows.map((r) => `${JSON.stringify(rowObject(r))}\n`).join('');
    else if (pairRows.length) {
      yield `${first ? '' : ','}${pairRows.map((r) => JSON.stringify(rowObject(r))).join(',')}`;
      first = false;
    }
  }
  if (format === 'json') yield ']}';
}

@ApiTags('panel')
@Controller('v1/panel')
export class GetPanelController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary:
      'A dyad-period panel: one row per pair and period (month, quarter or year) with the actions by type, the ' +
      'Goldstein sum, the standing, relations, sanctions in force each way and what changed; streamed (docs/PANEL.md)',
  })
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/json')
  async get(@Query() q: GetPanelQueryDto, @Res() res: FastifyReply) {
    const format = q.format ?? 'csv';
    const answer: PanelAnswer = await this.queries.execute(
      new GetPanelQuery(q.from, q.to, q.granularity ?? 'month', q.knownAt, partiesOf(q.parties), pairsOf(q.pairs)),
    );
    res.header('x-known-at', answer.knownAt).header('x-panel-rows', String(answer.rowCount)).type(CONTENT_TYPE[format]);
    if (format === 'csv') {
      const name = `panel-${answer.granularity}-${answer.from.slice(0, 10)}-${answer.to.slice(0, 10)}.csv`;
      res.header('content-disposition', `attachment; filename="${name}"`);
    }
    return res.send(Readable.from(body(format, answer)));
  }
}
