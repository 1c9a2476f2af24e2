import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROOT } from '../../src/http/web-page';
import { removeDir, RunningApp, startApp } from '../support/app';
import { expectStatus } from '../support/ledger';
import { Browser, CHROMIUM, launch } from './browser';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** An action of an example, as far as the browser tests read it. */
interface ExampleAction {
  eventId: string;
  type: string;
  occurredAt: string;
  sources?: { url: string }[];
}

/** The actions of one file of examples/. */
export const episode = (file: string): ExampleAction[] => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')).events;

// The page only talks HTTP to the API: once is enough, on the default store (not again in the eventstoredb project).
export const describeOnce = process.env.E2E_EVENT_STORE === 'eventstoredb' ? describe.skip : describe;

/**
 * For a suite: the real app loaded with every examples/*.json, and headless Chromium, started before its tests and
 * removed after. Needs web/dist (npm test builds it first: pretest) and Chromium (.ci/run installs it).
 */
export function useExamplesInBrowser(): { readonly h: RunningApp; readonly browser: Browser } {
  const running = {} as { h: RunningApp; browser: Browser };
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} is not built: npm run build:web`);
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    running.h = await startApp();
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
      const body = readFileSync(join(EXAMPLES, file), 'utf8');
      expectStatus(await running.h.call('POST', '/v1/events/batch', body), 201, file);
    }
    running.browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await running.browser?.close();
    if (running.h) {
      await running.h.close();
      removeDir(running.h.dataDir);
    }
  });
  return running;
}
