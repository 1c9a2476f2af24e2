import { MEASURE_KINDS } from '../../src/domain/areas/sanctions';
import { partyCodes } from './data';
import { rng } from './random';
import { get, json } from './service';
import { now, quantile } from './stats';

/** The target every other party sanctions, on top of the generated log. */
export const SANCTIONED = 'RU';
const PER_PARTY = 6;

export interface SearchFigures {
  /** Packages in force on the target (the generated log's and those added), and the pairs they span. */
  inForce: number;
  pairs: number;
  first: { p50: number; p99: number; asked: number };
  entities: { p50: number; p99: number; asked: number };
  past: { p50: number; p99: number; asked: number };
}

/**
 * (10) The search across pairs: every other party imposes six packages on SANCTIONED (about 1,200 across
 * about 200 pairs, on top of what the generated log already holds), then GET /v1/sanctions?target= asks for
 * the first page of those in force, one request at a time; GET /v1/entities?q= likewise; and the first page
 * as known at a random earlier time, which folds the target's pairs changed since.
 */
export async function searchAcrossPairs(url: string, questions: number, budgetMs: number): Promise<SearchFigures> {
  const r = rng(13);
  const others = partyCodes().filter((c) => c !== SANCTIONED);
  const day = (from: number, span: number) => new Date(from + Math.floor(r.next() * span)).toISOString().slice(0, 10);
  const events = others.flatMap((actor) =>
    Array.from({ length: PER_PARTY }, () => ({
      type: 'SanctionsImposed',
      actor,
      target: SANCTIONED,
      occurredAt: day(Date.UTC(2015, 0, 1), 10 * 365 * 86_400_000),
      details: {
        program: `${actor}-${SANCTIONED}`.toLowerCase(),
        measures: [
          { kind: r.pick(MEASURE_KINDS), entities: [`Entity ${r.int(500)}`, `Entity ${r.int(500)}`] },
          { kind: r.pick(MEASURE_KINDS) },
        ],
      },
    })),
  );
  const recordedFrom = Date.now();
  for (let i = 0; i < events.length; i += 1000) {
    await json('POST', `${url}/v1/events/batch`, { events: events.slice(i, i + 1000) });
  }
  let inForce = 0;
  const pairs = new Set<string>();
  for (let after = 0; ;) {
    const page = await json<{ packages: { imposedBy: string }[]; next: number | null }>(
      'GET',
      `${url}/v1/sanctions?target=${SANCTIONED}&limit=1000&after=${after}`,
    );
    inForce += page.packages.length;
    for (const p of page.packages) pairs.add(p.imposedBy);
    if (page.next === null) break;
    after = page.next;
  }
  const asOf = () => day(Date.UTC(2025, 0, 1), 365 * 86_400_000);
  const first = await timed(questions, budgetMs, () => `${url}/v1/sanctions?target=${SANCTIONED}&asOf=${asOf()}`);
  const entities = await timed(
    questions,
    budgetMs,
    () => `${url}/v1/entities?q=${encodeURIComponent(`entity ${r.int(50)}`)}&target=${SANCTIONED}&asOf=${asOf()}`,
  );
  // As known before the packages were added: every pair they were added to has changed since, and is folded.
  const knownAt = () => new Date(Date.UTC(2020, 0, 1) + Math.floor(r.next() * (recordedFrom - Date.UTC(2020, 0, 1))));
  const past = await timed(
    Math.ceil(questions / 10),
    budgetMs,
    () => `${url}/v1/sanctions?target=${SANCTIONED}&knownAt=${knownAt().toISOString()}`,
  );
  return { inForce, pairs: pairs.size, first, entities, past };
}

/** Asks `count` questions one at a time after a warm-up of ten, within a budget; their latencies in ms. */
async function timed(count: number, budgetMs: number, path: () => string) {
  const ask = async () => {
    const answer = await get(path());
    if (answer.status !== 200) throw new Error(`search: ${answer.status} ${answer.body.slice(0, 200)}`);
  };
  for (let i = 0; i < 10; i++) await ask();
  const samples: number[] = [];
  for (const start = now(); samples.length < count && now() - start < budgetMs;) {
    const t = now();
    await ask();
    samples.push(now() - t);
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), asked: samples.length };
}
