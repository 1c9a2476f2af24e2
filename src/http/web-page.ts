import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Vite builds web/ into web/dist (`npm run build:web`); the same path from src/ (tests) and dist/ (npm start). */
export const WEB_ROOT = join(__dirname, '..', '..', 'web', 'dist');

/**
 * Only the app's own scripts, styles and API: ledger text is rendered as text, and this is the
 * second line of defence should some of it ever reach the DOM as markup. uPlot sets inline styles.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the web page at `/`; the API's own routes (/v1, /docs, /health) take precedence over its files. */
export async function serveWebPage(app: NestFastifyApplication) {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    new Logger('Web').warn(`the web page is not built (${WEB_ROOT}): run npm run build:web`);
  }
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    decorateReply: false,
    setHeaders: (reply, path) => {
      void reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff');
      // Vite fingerprints everything under assets/; index.html must be revalidated to pick up a new build.
      const immutable = path.includes(`${sep}assets${sep}`);
      void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
