import { RecordedEvent } from '../events';
import { foldActions } from './evolve';
import { effectiveActions, knowledgeAt } from './knowledge';
import { initialState, RelationState } from './relation-state';

/**
 * The bitemporal fold, whole: the state of a pair on `asOf` (valid time) as known at
 * `knownAt` (transaction time), from the pair's events in log order. The read models
 * answer faster from snapshots; this is the definition they must agree with.
 */
export function stateAt(events: Iterable<RecordedEvent>, asOf: number, knownAt = Infinity): RelationState {
  const actions = effectiveActions(knowledgeAt(events, knownAt)).filter((a) => a.at <= asOf);
  return foldActions(actions, initialState(), asOf);
}
