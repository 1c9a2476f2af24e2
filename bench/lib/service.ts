import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { appDir } from './product';
import { now } from './stats';
import { freePort } from '../../test/support/free-port';

export interface Service {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first answer, and to the first 200 from /health (caught up). */
  listeningMs: number;
  readyMs: number;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Every this often while a start waits for /health 200, `waiting` is called (progress of a long catch-up). */
const WAITING_EVERY_MS = 30_000;

/**
 * Starts dist/main.js (of `dir`, the build under measurement by default) on a data dir and a free loopback port,
 * with `env` added to this process's; resolves once /health answers 200. Its log (warnings and errors) goes to
 * `<dataDir>.log`; `waiting` is called every 30 s until then.
 */
export async function startService(
  dataDir: string,
  timeoutMs = 600_000,
  dir = appDir(),
  env: Record<string, string> = {},
  waiting?: (url: string, pid: number) => Promise<void>,
): Promise<Service> {
  const port = await freePort();
  const started = now();
  // BENCH_PROFILE=<dir>: each service writes a CPU profile there when it stops (see docs/PERFORMANCE.md).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // Nest needs decorator metadata, which tsx does not emit: the service always runs from the build, with
  // the heap limit it is started with (npm start, the Dockerfile).
  const node = [...profile, '--max-old-space-size=1024', join(dir, 'dist', 'main.js')];
  const log = openSync(`${dataDir}.log`, 'a');
  const child = spawn(process.execPath, node, {
    env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', log, 'pipe'],
  });
  closeSync(log);
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  let listeningMs = 0;
  let waited = started;
  for (const deadline = started + timeoutMs; now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${errors}`);
    if (waiting && now() - waited > WAITING_EVERY_MS) {
      waited = now();
      await waiting(url, child.pid!).catch(() => undefined);
    }
    const status = await get(`${url}/health`).then(
      (a) => a.status,
      () => 0,
    );
    if (status && !listeningMs) listeningMs = now() - started;
    if (status === 200) {
      const proc = (key: 'VmRSS' | 'VmHWM') => memoryMiB(child.pid!, key);
      return {
        url,
        child,
        listeningMs,
        readyMs: now() - started,
        peakRssMiB: () => proc('VmHWM'),
        rssMiB: () => proc('VmRSS'),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, status ? 200 : 20));
  }
  child.kill('SIGKILL');
  throw new Error(`the service was not ready within ${timeoutMs} ms: ${errors}`);
}

/** A process's resident set (VmRSS) or its peak so far (VmHWM), in MiB. */
export function memoryMiB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** A GET over a kept-alive connection: the least client overhead node:http gives. */
export function get(url: string): Promise<{ status: number; body: string }> {
  return call('GET', url);
}

export function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      { method, agent, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A JSON call that must succeed. */
export async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
  const a = await call(method, url, body);
  if (a.status >= 300) throw new Error(`${method} ${url}: ${a.status} ${a.body.slice(0, 300)}`);
  return JSON.parse(a.body) as T;
}
