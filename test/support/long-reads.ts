import { randomActions } from './random-history';

/** What the service's quick answers took while the long reads ran, and what the long reads delivered. */
export interface UnderLongReads {
  seconds: number;
  /** Events each live catch-up and each export delivered. */
  delivered: { catchUps: number[]; exports: number[] };
  /** Milliseconds each probe took, in the order sent: GET /health and a state query, one after the other. */
  health: number[];
  state: number[];
}

/** Records `n` random actions in batches of 10,000. */
export async function fillLog(url: string, n: number, seed = 29): Promise<void> {
  for (let done = 0; done < n; done += 10_000) {
    const res = await fetch(`${url}/v1/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: randomActions(Math.min(10_000, n - done), seed + done) }),
    });
    if (res.status !== 201) throw new Error(`POST /v1/events/batch: ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
}

/** Counts the occurrences of `token` in a stream of chunks, across chunk boundaries. */
async function countIn(body: ReadableStream<Uint8Array>, token: string, until: (count: number) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let [count, carry] = [0, ''];
  while (!until(count)) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = carry + decoder.decode(value, { stream: true });
    for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length)) count++;
    // Shorter than the token: an occurrence cut by the chunk's end is counted with the next chunk, none twice.
    carry = text.slice(text.length - token.length + 1);
  }
  await reader.cancel();
  return count;
}

/**
 * Opens `catchUps` live feeds from the start of a log of `events` events and streams `exports` NDJSON exports of
 * it, all at once, and meanwhile asks GET /health and GET /v1/relations/{pair} in turn, one after the other,
 * until every long read has delivered the whole log.
 */
export async function underLongReads(
  url: string,
  { events, catchUps, exports, pair }: { events: number; catchUps: number; exports: number; pair: string },
): Promise<UnderLongReads> {
  const started = performance.now();
  const catchUp = async () => {
    const res = await fetch(`${url}/v1/events/live?after=0`);
    if (res.status !== 200) throw new Error(`GET /v1/events/live: ${res.status}`);
    return countIn(res.body!, '\nid: ', (n) => n >= events);
  };
  const ndjson = async () => {
    const res = await fetch(`${url}/v1/events?after=0`, { headers: { accept: 'application/x-ndjson' } });
    if (res.status !== 200) throw new Error(`GET /v1/events: ${res.status}`);
    return countIn(res.body!, '\n', () => false);
  };
  // The first frame's id follows ": connected\n\n", so every frame's "id: " follows a newline.
  const reads = Promise.all([
    Promise.all(Array.from({ length: catchUps }, catchUp)),
    Promise.all(Array.from({ length: exports }, ndjson)),
  ]);
  let running = true;
  void reads.finally(() => (running = false));
  const [health, state]: [number[], number[]] = [[], []];
  const time = async (path: string, into: number[]) => {
    const t = performance.now();
    const res = await fetch(`${url}${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    into.push(performance.now() - t);
  };
  while (running) {
    await time('/health', health);
    await time(`/v1/relations/${pair}`, state);
  }
  const [catchUpCounts, exportCounts] = await reads;
  return {
    seconds: (performance.now() - started) / 1000,
    delivered: { catchUps: catchUpCounts, exports: exportCounts },
    health,
    state,
  };
}
