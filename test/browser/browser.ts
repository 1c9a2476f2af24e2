import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium: a browser download (npx playwright install) cannot work on the CI machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  /** Opens a page at `url`; its console errors and uncaught exceptions go to `problems` unless `expectErrors`. */
  open(url: string, opts?: { width?: number; height?: number; expectErrors?: boolean }): Promise<Page>;
  /** Console errors and page errors of every page opened without `expectErrors`. */
  problems: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, removed on close. */
export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chancery-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  const problems: string[] = [];
  return {
    problems,
    async open(url, { width = 1280, height = 900, expectErrors = false } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      if (!expectErrors) {
        page.on('console', (m) => m.type() === 'error' && problems.push(`${url}: console: ${m.text()}`));
        page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
      }
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The text of the first element a selector matches, or null: does not wait. */
export const textOf = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els: any[]) => (els[0] ? String(els[0].textContent).trim() : null));

export const countOf = (page: Page, selector: string) => page.locator(selector).count();

/** Polls `read` until it gives `want`: the page updates when its requests answer. */
export async function until<T>(what: string, read: () => Promise<T>, want: T, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  let got: T | undefined;
  while (Date.now() < end) {
    got = await read();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}
