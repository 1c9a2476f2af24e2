import { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { Config, hashToken } from '../config/config';

/** Per token when the request carries one, per address otherwise. */
const trackerOf = (req: FastifyRequest) => {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  return token ? `token:${hashToken(token)}` : `ip:${req.ip}`;
};

/** RATE_LIMIT requests a minute, answered 429 with Retry-After beyond it; off unless set. */
export function rateLimit(config: Config): { imports: DynamicModule[]; providers: Provider[] } {
  if (!config.rateLimit) return { imports: [], providers: [] };
  return {
    imports: [
      ThrottlerModule.forRoot({
        throttlers: [{ ttl: 60_000, limit: config.rateLimit }],
        getTracker: (req) => trackerOf(req as FastifyRequest),
        errorMessage: `rate limit exceeded: ${config.rateLimit} requests a minute per token or address`,
      }),
    ],
    providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
  };
}
