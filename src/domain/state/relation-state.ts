import { ActionOf } from '../areas/area';
import { AREA_LIST, AreaName, Areas } from '../areas/areas';

/** An action as the fold sees it: the latest correction applied, its valid time in ms; by type, with its details. */
export type Action = { [A in AreaName]: ActionOf<Areas[A]['types']> }[AreaName];

/** What one area keeps of the pair's state. */
export type SliceOf<A extends AreaName> = ReturnType<Areas[A]['initial']>;

/**
 * The state of a pair's relations after folding some actions: one slice per area, and what every
 * action counts towards. A plain JSON value, keyed maps rather than lists, so snapshots serialise it as is.
 */
export type RelationState = { [A in AreaName]: SliceOf<A> } & {
  /** Goldstein scores summed over the folded actions. */
  index: { score: number; actions: number };
  eventCount: number;
  lastEventAt: string | null;
};

/**
 * The state before any action, or a stored one (a snapshot) with every area that it lacks at its
 * initial value: a snapshot written before an area existed reads as that area untouched.
 */
export function initialState(stored: Partial<RelationState> = {}): RelationState {
  const slices = Object.fromEntries(AREA_LIST.map(([name, area]) => [name, stored[name] ?? area.initial()]));
  return {
    ...(slices as { [A in AreaName]: SliceOf<A> }),
    index: stored.index ?? { score: 0, actions: 0 },
    eventCount: stored.eventCount ?? 0,
    lastEventAt: stored.lastEventAt ?? null,
  };
}

/**
 * The state with no lifted packages listed: what a snapshot holds, so its size follows what is in force;
 * the packages a fold lifted are kept apart, and read back only when asked for (`withLiftedBefore`).
 */
export const withoutLifted = (s: RelationState): RelationState => ({ ...s, sanctions: { ...s.sanctions, lifted: [] } });

/** The state with these packages, lifted before the fold that made it, listed ahead of its own. */
export const withLiftedBefore = (s: RelationState, earlier: SliceOf<'sanctions'>['lifted']): RelationState => ({
  ...s,
  sanctions: { ...s.sanctions, lifted: [...earlier, ...s.sanctions.lifted] },
});
