import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Api } from './api';
import { progressBar, tick } from './progress';

/** Streams the whole log as NDJSON to a file or stdout, one event a line, in log order. */
export async function exportLog(api: Api, out: string | undefined, after: number): Promise<number> {
  const sink = out ? createWriteStream(out) : process.stdout;
  const bar = progressBar('events');
  const started = Date.now();
  bar.start(Math.max(0, (await api.head()) - after), 0, { rate: 0 });
  let n = 0;
  for await (const event of api.log(after)) {
    if (!sink.write(`${JSON.stringify(event)}\n`)) await once(sink, 'drain');
    tick(bar, ++n, started);
  }
  bar.stop();
  if (out) {
    sink.end();
    await once(sink, 'finish');
  }
  return n;
}
