import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Config } from '../config/config';

/** Longest URL (path and query string) served: every question fits in far less; 414 beyond. */
export const MAX_URL_LENGTH = 2048;
/** Deepest JSON body accepted: the contract's bodies nest six levels; class-transformer overflows its stack past ~3,000. */
export const MAX_JSON_DEPTH = 32;
/** Longest path parameter: codes and UUIDs are shorter; a longer one matches no route (404). */
export const MAX_PARAM_LENGTH = 64;

/**
 * The HTTP edge's defences: security headers on every answer (helmet's defaults: nosniff, frame and
 * referrer policies, a same-origin CSP that the web page tightens for its own files), CORS only for
 * the origins CORS_ORIGINS names, a bound on the URL before any parsing or routing, and one on the
 * nesting of JSON bodies before validation walks them.
 */
export async function secure(app: NestFastifyApplication, config: Config): Promise<void> {
  // No upgrade-insecure-requests: behind a plain-HTTP address it would send /docs' own files to https.
  await app.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'last-event-id'],
      exposedHeaders: ['retry-after'],
      maxAge: 600,
    });
  }
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.url.length <= MAX_URL_LENGTH) return done();
    void reply.code(414).send({
      statusCode: 414,
      error: 'URI Too Long',
      message: `the URL has ${req.url.length} characters, more than the ${MAX_URL_LENGTH} accepted`,
    });
  });
  fastify.addHook('preValidation', (req, reply, done) => {
    if (!nestedDeeperThan(req.body, MAX_JSON_DEPTH)) return done();
    void reply.code(400).send({
      statusCode: 400,
      error: 'Bad Request',
      message: `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });
}

/** Walks with its own stack: a recursive walk would overflow on the very bodies it is there to stop. */
function nestedDeeperThan(body: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[body, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, depth] = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}
