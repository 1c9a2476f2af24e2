import { describeBadParty, isParty } from '../domain/codes';
import { invalid } from '../domain/errors';
import { Pair, pairOf } from '../domain/pair';

/** The two codes of a relations path, in either order, as a sorted pair. */
export function pairParam(a: string, b: string): Pair {
  if (!isParty(a)) throw invalid(describeBadParty('a', a));
  if (!isParty(b)) throw invalid(describeBadParty('b', b));
  if (a === b) throw invalid(`a and b must be two different parties (both ${a})`);
  return pairOf(a, b);
}
