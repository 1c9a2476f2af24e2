import { isParty } from './codes';

export type Pair = readonly [string, string];

/** A pair is always its two codes sorted, whatever order they were named in. */
export const pairOf = (a: string, b: string): Pair => (a < b ? [a, b] : [b, a]);

const PREFIX = 'pair-';

/** One stream per pair: `pair-JP-RU`. Codes never contain a dash. */
export const streamOf = (pair: Pair) => `${PREFIX}${pair[0]}-${pair[1]}`;

export function pairOfStream(stream: string): Pair | undefined {
  if (!stream.startsWith(PREFIX)) return undefined;
  const [a, b, rest] = stream.slice(PREFIX.length).split('-');
  return rest === undefined && isParty(a) && isParty(b) ? [a, b] : undefined;
}
