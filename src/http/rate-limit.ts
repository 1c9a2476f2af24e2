import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Config } from '../config/config';

/** Failed authentications an address may make in a minute; past them, its requests with a token wait. */
export const AUTH_FAILURES_PER_MINUTE = 10;
const AUTH_BLOCK_SECONDS = 5 * 60;

/** Milliseconds until a refused client may try again (Retry-After), or 0 when it may go on now. */
type Wait = number;

const waitOf = (r: unknown): Wait => {
  if (r instanceof RateLimiterRes) return Math.max(1, r.msBeforeNext);
  throw r;
};

/**
 * The service's rate limits, counted in memory per process (rate-limiter-flexible): RATE_LIMIT requests a minute
 * per principal (a valid token) or per address (no token); and failed authentications per address, whatever
 * the token, so that guessing tokens is slow and a fresh invalid token never opens a fresh bucket.
 */
export class RateLimits {
  private readonly requests?: RateLimiterMemory;
  private readonly failures = new RateLimiterMemory({
    keyPrefix: 'auth-failures',
    points: AUTH_FAILURES_PER_MINUTE,
    duration: 60,
    blockDuration: AUTH_BLOCK_SECONDS,
  });

  constructor(config: Pick<Config, 'rateLimit'>) {
    if (config.rateLimit) this.requests = new RateLimiterMemory({ points: config.rateLimit, duration: 60 });
  }

  /** Counts a request against its key (`principal:…` or `address:…`). */
  request(key: string): Promise<Wait> {
    return this.requests ? this.requests.consume(key).then(() => 0, waitOf) : Promise.resolve(0);
  }

  /** Whether the address has failed too often to present a token now, valid or not: a guesser learns nothing. */
  async authenticationBlocked(address: string): Promise<Wait> {
    const r = await this.failures.get(address);
    return r && r.consumedPoints >= AUTH_FAILURES_PER_MINUTE ? Math.max(1, r.msBeforeNext) : 0;
  }

  /** Counts a failed authentication; the last one allowed in the minute blocks the address for a while. */
  async authenticationFailed(address: string): Promise<void> {
    // Past the points (concurrent failures), consume rejects with the same record.
    const r = await this.failures.consume(address).catch((e: unknown) => {
      if (e instanceof RateLimiterRes) return e;
      throw e;
    });
    if (r.consumedPoints >= AUTH_FAILURES_PER_MINUTE) {
      await this.failures.block(address, AUTH_BLOCK_SECONDS);
    }
  }
}
