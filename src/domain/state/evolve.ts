import { AnyArea, AREA_LIST, AREAS, AreaName } from '../areas/areas';
import { CATALOGUE, goldstein, isIndexed } from '../catalogue/catalogue';
import { Action, RelationState, SliceOf } from './relation-state';

/** A copy a fold may change in place: each area's containers copied, entries shared. */
function copyOf(s: RelationState): RelationState {
  const copy: Record<AreaName, unknown> = { ...s };
  for (const [name, area] of AREA_LIST) copy[name] = area.copy(s[name]);
  return {
    ...(copy as { [A in AreaName]: SliceOf<A> }),
    index: { ...s.index },
    eventCount: s.eventCount,
    lastEventAt: s.lastEventAt,
  };
}

/** The areas whose entries change with time alone, each advanced before an action and at the question's instant. */
const TIMED = AREA_LIST.filter(([, area]) => area.advance !== undefined);

function advance(slices: Record<AreaName, unknown>, at: number) {
  for (const [name, area] of TIMED) slices[name] = area.advance?.(slices[name], at);
}

/**
 * The state after `actions`, in valid-time order, on top of `from`, which is left as it was; with `asOf`,
 * as it stands at that instant (at or after the last action): what time alone changed since is applied.
 * One copy per fold, not per action: a step costs the same however long the pair's history.
 */
export function foldActions(actions: Iterable<Action>, from: RelationState, asOf?: number): RelationState {
  const s = copyOf(from);
  const slices: Record<AreaName, unknown> = s;
  for (const a of actions) {
    advance(slices, a.at);
    const name = CATALOGUE[a.type].area;
    const area: AnyArea = AREAS[name];
    slices[name] = area.apply(slices[name], a);
    if (isIndexed(a.type)) {
      s.index.score += goldstein(a.type);
      s.index.actions += 1;
    }
    s.eventCount += 1;
    s.lastEventAt = a.occurredAt;
  }
  if (asOf !== undefined) advance(slices, asOf);
  return s;
}

/**
 * The first instant after the state's own at which it changes by time alone (a package lapses, a suspension
 * ends), or null: until then, only an action changes it.
 */
export function nextTimedChange(state: RelationState): number | null {
  const dues = TIMED.flatMap(([name, area]) => area.due?.(state[name]) ?? []);
  return dues.length ? Math.min(...dues) : null;
}

/** The state as it stands at `at` (at or after its last action), on a copy. */
export const advanceTo = (state: RelationState, at: number): RelationState => foldActions([], state, at);

/** evolve(state, action): the pair's state after one more action, in valid-time order. */
export const evolve = (state: RelationState, action: Action): RelationState => foldActions([action], state);

/** Valid-time order; ties go to log order. */
export const byValidTime = (a: Pick<Action, 'at' | 'position'>, b: Pick<Action, 'at' | 'position'>) =>
  a.at - b.at || a.position - b.position;
