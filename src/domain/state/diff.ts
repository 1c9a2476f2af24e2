import { AREA_LIST, AreaName } from '../areas/areas';
import { RelationState } from './relation-state';

/** One difference between two states: an entry of an area that appeared, went, or changed. */
export interface Change {
  area: AreaName;
  key: string;
  from: unknown;
  to: unknown;
}

/** What differs between two states of the same fold, area by area, `before` the earlier one. */
export const diffStates = (before: RelationState, after: RelationState): Change[] =>
  AREA_LIST.flatMap(([area, def]) => def.changes(before[area], after[area]).map((c) => ({ area, ...c })));
