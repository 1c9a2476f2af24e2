import { createHmac } from 'node:crypto';
import { AreaName } from '../domain/areas/areas';
import { CATALOGUE, isActionType } from '../domain/catalogue/catalogue';
import { Pair } from '../domain/pair';

/** What a watch covers (one pair, or every pair of one party; some types or all), and where to tell. */
export interface Watch {
  id: string;
  pair?: Pair;
  country?: string;
  /** Action types; a retraction or correction counts as the type of the action it amends. */
  types?: string[];
  url: string;
  /** Signs each delivery (HMAC-SHA256); never shown again once given. */
  secret: string;
  createdBy: string;
  createdAt: string;
  /** Log position at creation: the watch covers what is recorded after it. */
  from: number;
}

export const coversPair = (w: Watch, pair: Pair): boolean =>
  w.pair ? w.pair[0] === pair[0] && w.pair[1] === pair[1] : pair.includes(w.country!);

export const covers = (w: Watch, pair: Pair, type: string): boolean =>
  coversPair(w, pair) && (!w.types || w.types.includes(type));

/**
 * Whether a change that time alone made (a package lapsing) is a watch's: one of its types is of the area
 * that changed, so a watch of renewals is told of the lapse a renewal would have prevented.
 */
export const coversTimed = (w: Watch, pair: Pair, area: AreaName): boolean =>
  coversPair(w, pair) && (!w.types || w.types.some((t) => isActionType(t) && CATALOGUE[t].area === area));

/** The signature header of a delivery, as GitHub signs webhooks: `sha256=` and the body's HMAC in hex. */
export const signature = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** How long a delivery is retried before it is given up (dead-lettered). */
export const RETRY_FOR_MS = 24 * 3600_000;
const MAX_WAIT_MS = 3600_000;

/**
 * When to try a delivery again after its `attempts`-th failure: exponential backoff from `baseMs`, at most
 * an hour apart; undefined once the day since the first attempt is over.
 */
export function retryAt(attempts: number, firstAttemptAt: number, now: number, baseMs: number): number | undefined {
  const next = now + Math.min(baseMs * 2 ** (attempts - 1), MAX_WAIT_MS);
  return next - firstAttemptAt > RETRY_FOR_MS ? undefined : next;
}
