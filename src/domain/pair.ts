import { isParty } from './codes';

export type Pair = readonly [string, string];

/** A pair is always its two codes sorted, whatever order they were named in. */
export const pairOf = (a: string, b: string): Pair => (a < b ? [a, b] : [b, a]);

const PREFIX = 'pair-';

/** One stream per pair: `pair-JP-RU`. Codes never contain a dash. */
export const streamOf = (pair: Pair) => `${PREFIX}${pair[0]}-${pair[1]}`;

/** Pairs already parsed, by stream: at most one per two known parties, so the map stays small. */
const parsed = new Map<string, Pair>();

export function pairOfStream(stream: string): Pair | undefined {
  const known = parsed.get(stream);
  if (known) return known;
  if (!stream.startsWith(PREFIX)) return undefined;
  const [a, b, rest] = stream.slice(PREFIX.length).split('-');
  if (rest !== undefined || !isParty(a) || !isParty(b)) return undefined;
  const pair: Pair = [a, b];
  parsed.set(stream, pair);
  return pair;
}
