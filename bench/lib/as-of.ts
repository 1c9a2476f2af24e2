import { join } from 'node:path';
import { HOT_PAIR } from './data';
import { BuiltLog } from './log-builder';
import { product } from './product';
import { rng } from './random';
import { get } from './service';
import { now, quantile } from './stats';

export interface Question {
  asOf: string;
  /** Undefined: as known now (the head of the log). */
  knownAt?: string;
}

export interface Latency {
  p50: number;
  p99: number;
  asked: number;
}

/** Random valid dates over the hot pair's history; with `past`, random transaction times over it too. */
export function questions(log: BuiltLog, count: number, past: boolean, seed = 9): Question[] {
  const r = rng(seed);
  const { firstAt, lastAt, firstRecorded, lastRecorded } = log.hot;
  const at = (from: number, to: number) => new Date(from + Math.floor(r.next() * (to - from))).toISOString();
  return Array.from({ length: count }, () => ({
    asOf: at(firstAt, lastAt),
    ...(past && { knownAt: at(firstRecorded, lastRecorded) }),
  }));
}

/**
 * Times each question, after a short warm-up, until all are asked or the budget is spent (a slow
 * path must not stall the run; `asked` says how many made it).
 */
async function time(qs: Question[], ask: (q: Question) => unknown, budgetMs: number): Promise<Latency> {
  const warm = now();
  for (const q of qs.slice(0, Math.min(50, qs.length))) {
    await ask(q);
    if (now() - warm > budgetMs / 10) break;
  }
  const samples: number[] = [];
  const start = now();
  for (const q of qs) {
    const t = now();
    await ask(q);
    samples.push(now() - t);
    if (now() - start > budgetMs) break;
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), asked: samples.length };
}

/** In-process: the RelationReader on the current read-store generation, as the query handler calls it. */
export async function inProcess(dataDir: string, qs: Question[], budgetMs: number): Promise<Latency> {
  const { Generation, RelationReader, readPointer } = product();
  const generation = new Generation(join(dataDir, readPointer(dataDir)!.file));
  const reader = new RelationReader(generation.db);
  try {
    return await time(
      qs,
      (q) => {
        const { asOf, knownAt } = reader.resolveTimes(q.asOf, q.knownAt);
        return reader.stateAt(HOT_PAIR, asOf, knownAt);
      },
      budgetMs,
    );
  } finally {
    generation.close();
  }
}

/** Over HTTP: GET /v1/relations/{a}/{b}?asOf&knownAt, one at a time on a kept-alive connection. */
export function overHttp(url: string, qs: Question[], budgetMs: number): Promise<Latency> {
  return time(qs, (q) => askOverHttp(url, q), budgetMs);
}

export async function askOverHttp(url: string, q: Question): Promise<void> {
  const [a, b] = HOT_PAIR;
  const query = `asOf=${encodeURIComponent(q.asOf)}${q.knownAt ? `&knownAt=${encodeURIComponent(q.knownAt)}` : ''}`;
  const answer = await get(`${url}/v1/relations/${a}/${b}?${query}`);
  if (answer.status !== 200) throw new Error(`as-of query: ${answer.status} ${answer.body.slice(0, 200)}`);
}
