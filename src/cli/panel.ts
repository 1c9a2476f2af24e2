import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { Api } from './api';
import { progressBar, tick } from './progress';

export interface PanelOptions {
  from: string;
  to: string;
  granularity?: string;
  parties?: string;
  pairs?: string;
  knownAt?: string;
  format: 'csv' | 'ndjson' | 'json';
}

/** Where a row starts, by format: a line (the CSV header aside), or a row object in JSON. */
const ROW_START: Record<PanelOptions['format'], RegExp> = { csv: /\n/g, ndjson: /\n/g, json: /\{"pair":/g };

/**
 * Streams GET /v1/panel to a file or stdout as it comes, with a progress bar of rows. Resolves with the rows
 * written and the knownAt the service answered for (pass it to get the same panel again).
 */
export async function panel(api: Api, opts: PanelOptions, out?: string): Promise<{ rows: number; knownAt: string }> {
  const query = new URLSearchParams(
    Object.entries(opts).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  const res = await api.stream(`/v1/panel?${query}`);
  const total = Number(res.headers.get('x-panel-rows'));
  const sink = out ? createWriteStream(out) : process.stdout;
  const bar = progressBar('rows');
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  let seen = opts.format === 'csv' ? -1 : 0; // the header line is no row
  for await (const chunk of Readable.fromWeb(res.body) as AsyncIterable<Buffer>) {
    seen += (chunk.toString('utf8').match(ROW_START[opts.format]) ?? []).length;
    tick(bar, Math.min(total, Math.max(0, seen)), started);
    if (!sink.write(chunk)) await once(sink, 'drain');
  }
  bar.stop();
  if (out) {
    sink.end();
    await once(sink, 'finish');
  }
  return { rows: total, knownAt: res.headers.get('x-known-at') ?? '' };
}
