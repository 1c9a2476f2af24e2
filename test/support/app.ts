import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';

export interface RunningApp {
  app: INestApplication;
  url: string;
  dataDir: string;
  /** fetch against the app, JSON in and out. */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;
  /** Closes the app; the data dir is kept so a test can reopen it. */
  close: () => Promise<void>;
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  text: string;
}

/** Starts the real app on the embedded SQLite store, on a free loopback port. */
export async function startApp(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'chancery-')),
): Promise<RunningApp> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };
  return { app, url, dataDir, call, close: () => app.close() };
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });
