import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { Config } from '../config/config';
import { guardAccess, refuse } from './access';

/** helmet's default. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Longest URL (path and query string) served: every question fits in far less; 414 beyond. */
export const MAX_URL_LENGTH = 2048;
/** Deepest JSON body accepted: the contract's bodies nest six levels; class-transformer overflows its stack past ~3,000. */
export const MAX_JSON_DEPTH = 32;
/** Longest path parameter: codes and UUIDs are shorter; a longer one matches no route (404). */
export const MAX_PARAM_LENGTH = 64;

/**
 * The HTTP edge's defences: security headers on every answer (helmet's defaults: nosniff, frame and
 * referrer policies, a same-origin CSP that the web page tightens for its own files), CORS only for
 * the origins CORS_ORIGINS names, a bound on the URL before any parsing or routing, who may do what (access.ts),
 * and, before validation walks a body, bounds on its nesting and on its field names.
 */
export function secure(app: NestFastifyApplication, config: Config): void {
  const fastify = app.getHttpAdapter().getInstance();
  // No upgrade-insecure-requests: behind a plain-HTTP address it would send /docs' own files to https.
  const headers = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
  });
  // Hooks without promises, and one where one will do: helmet's headers (built once: @fastify/helmet built them anew
  // for every request, in two hooks), then the bound on the URL, which answers with those headers too.
  fastify.addHook('onRequest', (req, reply, done) =>
    headers(req.raw, reply.raw, () => {
      if (req.url.length <= MAX_URL_LENGTH) return done();
      refuse(reply, 414, `the URL has ${req.url.length} characters, more than the ${MAX_URL_LENGTH} accepted`);
    }),
  );
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'last-event-id'],
      exposedHeaders: ['retry-after'],
      maxAge: 600,
    });
  }
  guardAccess(fastify, config);
  fastify.addHook('preValidation', (req, reply, done) => {
    const problem = shapeProblem(req.body);
    if (problem) refuse(reply, 400, problem);
    else done();
  });
  // HSTS over plain HTTP means nothing (RFC 6797 §8.1): sent when the client came over HTTPS, to a proxy that says so.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (req.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}

/**
 * Names of Object.prototype's members: Nest's pipe and class-transformer drop fields so named without a word,
 * so a body carrying one would be recorded without it. Refused instead, like any unknown field.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What is wrong with a body's shape before validation: nesting deeper than MAX_JSON_DEPTH, or a reserved field name.
 * Walks with its own stack: a recursive walk would overflow on the very bodies it is there to stop.
 */
function shapeProblem(body: unknown): string | undefined {
  const stack: [unknown, number, string][] = [[body, 0, '']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, depth, path] = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`;
    const array = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
      const here = array ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!array && RESERVED_KEYS.has(key)) return `${here}: unknown field`;
      stack.push([child, depth + 1, here]);
    }
  }
  return undefined;
}
