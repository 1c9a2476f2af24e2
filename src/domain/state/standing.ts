import { Weights } from '../areas/area';
import { AREA_LIST, AreaName } from '../areas/areas';
import { RelationState } from './relation-state';

/**
 * The standing score: what is in force between the pair on `asOf`, weighed area by area (each area
 * declares its `weights`), where the Goldstein sum (`index.score`) adds up what was done. A break and its
 * repair net to zero; what has ended weighs nothing. A new version of the weights is a new `version`.
 */
export const STANDING_METHOD = {
  method: 'weights-in-force',
  version: 1,
  description:
    'The sum, over the entries in force on asOf, of the weight of each entry by its status (relations, ' +
    'ambassadors, missions, talks, visa regimes, cooperation, sanctions packages, …); ended entries weigh 0.',
  weights: Object.fromEntries(AREA_LIST.map(([name, area]) => [name, area.weights])) as Record<AreaName, Weights>,
};

/** The standing score of a state: each area's part, summed. */
export const standingOf = (s: RelationState): number =>
  AREA_LIST.reduce((sum, [name, area]) => sum + area.standing(s[name]), 0);
