import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

/** An answer of the service: its status, and its JSON body (an error's carries a message). */
export interface Answer<T> {
  status: number;
  body: Partial<T> & { message?: string };
}

/** The service's HTTP API, as the command-line tool uses it. */
export class Api {
  constructor(
    readonly url: string,
    private readonly token?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token && { authorization: `Bearer ${this.token}` }), ...extra };
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(this.url + path, init);
    } catch (e) {
      throw new Error(
        `cannot reach ${this.url} (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}): is the service running? (--url)`,
      );
    }
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const res = await this.fetch(path, {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer<T>['body'] };
  }

  /** Like call, but any status outside 2xx is an error carrying the service's message. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const a = await this.call<T>(method, path, body);
    if (a.status >= 300) throw new Error(`${method} ${path}: ${a.status} ${a.body.message ?? ''}`.trim());
    return a.body as T;
  }

  /** A GET whose body is read as it comes; any status but 200 is an error carrying the service's message. */
  async stream(path: string, accept = 'application/json'): Promise<Response & { body: ReadableStream<Uint8Array> }> {
    const res = await this.fetch(path, { headers: this.headers({ accept }) });
    if (res.status !== 200 || !res.body) {
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: the text as it is
      }
      throw new Error(`GET ${path.split('?')[0]}: ${res.status} ${message}`);
    }
    return res as Response & { body: ReadableStream<Uint8Array> };
  }

  /** The log after a position, streamed as NDJSON: one event a line, never held whole. */
  async *log(after = 0): AsyncGenerator<Record<string, unknown>> {
    const res = await this.stream(`/v1/events?after=${after}`, 'application/x-ndjson');
    const lines = createInterface({ input: Readable.fromWeb(res.body), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as Record<string, unknown>;
  }

  /** The position of the log's head, from the projections' status. */
  async head(): Promise<number> {
    type Status = { projections: { checkpoint: number; lag: number }[] };
    const { projections } = await this.ok<Status>('GET', '/v1/projections');
    return projections[0].checkpoint + projections[0].lag;
  }
}
