import { RecordedEvent } from '../events';
import { advanceTo, byValidTime, evolve } from './evolve';
import { KnownAction, knowledgeAt } from './knowledge';
import { initialState, RelationState } from './relation-state';

/** One action of a pair and the state just before and just after it. */
export interface Step {
  action: KnownAction;
  before: RelationState;
  after: RelationState;
}

/**
 * Each action of a pair as known at `knownAt`, in valid-time order, with the state before and after it:
 * what a timeline's effects and the index over time are read from. A retracted action is listed too, and
 * leaves the state as it was. `before` stands at the action's instant, so what time alone changed since
 * the action before it (a lapse) is not counted as this action's effect.
 */
export function* steps(events: Iterable<RecordedEvent>, knownAt = Infinity): Generator<Step> {
  let state = initialState();
  for (const action of [...knowledgeAt(events, knownAt).values()].sort(byValidTime)) {
    const before = (state = advanceTo(state, action.at));
    if (!action.retractedBy) state = evolve(state, action);
    yield { action, before, after: state };
  }
}
