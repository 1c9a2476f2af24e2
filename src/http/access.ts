import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { Config, hashToken, mayActAs, Principal, Role } from '../config/config';
import { RateLimits } from './rate-limit';

/** Marks a route as one that needs at least this role: on the Fastify route, so it is checked before the body is read. */
export const Requires = (role: Role) => RouteConfig({ role });

export type AuthedRequest = FastifyRequest & { principal?: Principal };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The answer every refusal here gets: the contract's error shape. */
export function refuse(reply: FastifyReply, status: number, message: string, retryAfterMs = 0): FastifyReply {
  if (retryAfterMs) void reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  return reply.code(status).send({ statusCode: status, error: STATUS_CODES[status], message });
}

/**
 * Who may do what, decided when a request arrives, before its body is read (a 16 MiB batch without a valid
 * token is refused unread):
 * - `Host` must be an IP address, a loopback name or one of PUBLIC_HOSTNAMES (421 otherwise), so that a page
 *   whose domain was rebound to this address (DNS rebinding) gets nothing;
 * - a Bearer token must be valid (401), and an address that failed too often waits (429);
 * - RATE_LIMIT counts per principal, or per address without a token (429);
 * - routes that `Requires` a role get a token of that role or above (401, 403). With no API_TOKENS, they are for
 *   loopback only, and, since a browser on this machine is loopback too, not from another site: a foreign
 *   `Origin` or a cross-site `Sec-Fetch-Site` is refused (403), as are bodies other than JSON (415, app.ts).
 * With READ_ACCESS=token every /v1 route needs at least a reader token.
 */
export function guardAccess(fastify: FastifyInstance, config: Config): void {
  const limits = new RateLimits(config);
  const open = config.tokens.size === 0;

  fastify.addHook('onRequest', async (req: AuthedRequest, reply) => {
    if (!hostAccepted(req.hostname, config.publicHostnames)) {
      const names = config.publicHostnames.length ? config.publicHostnames.join(', ') : 'none set';
      return refuse(
        reply,
        421,
        `Host ${req.hostname} is not a name this service answers to: loopback names, IP addresses and PUBLIC_HOSTNAMES (${names})`,
      );
    }

    const token = open ? undefined : /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined) {
      const blocked = await limits.authenticationBlocked(req.ip);
      if (blocked) return refuse(reply, 429, 'too many failed authentications from this address', blocked);
      req.principal = principalOf(token, config.tokens);
      if (!req.principal) {
        await limits.authenticationFailed(req.ip);
        return refuse(reply, 401, 'the Bearer token is not valid');
      }
    } else if (open && LOOPBACK.has(req.ip)) {
      req.principal = { name: 'loopback', role: 'admin' };
    }

    // Probes poll the health check: never counted.
    if (req.url !== '/health') {
      const wait = await limits.request(req.principal ? `principal:${req.principal.name}` : `address:${req.ip}`);
      if (wait) {
        return refuse(
          reply,
          429,
          `rate limit exceeded: ${config.rateLimit} requests a minute per token or address`,
          wait,
        );
      }
    }

    const role =
      (req.routeOptions.config as { role?: Role }).role ??
      (config.readsNeedToken && req.url.startsWith('/v1/') ? 'reader' : undefined);
    if (!role) return;
    if (open) {
      if (!req.principal) return refuse(reply, 403, 'API_TOKENS is not set: writes are accepted only from loopback');
      const site = crossSite(req);
      if (site)
        return refuse(reply, 403, `API_TOKENS is not set: loopback writes from a web page are refused (${site})`);
      return;
    }
    if (!req.principal) return refuse(reply, 401, 'Authorization: Bearer <token> with a valid token is required');
    if (!mayActAs(req.principal.role, role)) {
      return refuse(reply, 403, `this needs the ${role} role; the token is ${req.principal.role}`);
    }
  });
}

/** Loopback names (RFC 6761), IP addresses (a page from an address is that address's own origin) and the configured names. */
function hostAccepted(hostname: string, publicHostnames: string[]): boolean {
  const name = hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  return (
    name === '' ||
    isIP(name) !== 0 ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    publicHostnames.includes(name)
  );
}

/** Why a request looks sent by a page of another site, or undefined: its Origin, or the browser's Sec-Fetch-Site. */
function crossSite(req: FastifyRequest): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.host}`) return `Origin: ${origin}`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${String(site)}`;
  return undefined;
}

/** Compares against every known hash in constant time, so timing tells nothing. */
function principalOf(token: string, tokens: Map<string, Principal>): Principal | undefined {
  const hash = Buffer.from(hashToken(token), 'hex');
  let found: Principal | undefined;
  for (const [known, principal] of tokens) {
    if (timingSafeEqual(hash, Buffer.from(known, 'hex'))) found = principal;
  }
  return found;
}
