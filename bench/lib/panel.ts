import { request } from 'node:http';
import { Service } from './service';
import { now } from './stats';

export interface PanelRun {
  rows: number;
  bytes: number;
  ms: number;
  /** The service's resident set before the panel, and the most it held while streaming it (sampled), MiB. */
  rssBefore: number;
  rssMax: number;
}

/** Streams GET /v1/panel (CSV) from a running service, counting rows and bytes and sampling the service's RSS. */
export function streamPanel(service: Service, query: string): Promise<PanelRun> {
  const rssBefore = service.rssMiB();
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, service.rssMiB())), 100);
  const started = now();
  return new Promise<PanelRun>((resolve, reject) => {
    const req = request(`${service.url}/v1/panel?${query}`, (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET /v1/panel: ${res.statusCode}`));
      let [bytes, lines] = [0, 0];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ rows: lines - 1, bytes, ms: now() - started, rssBefore, rssMax }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  }).finally(() => clearInterval(sampler));
}
