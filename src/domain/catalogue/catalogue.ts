import { TypeEntry } from '../areas/area';
import { AREA_LIST, AreaName, Areas } from '../areas/areas';

/**
 * The event catalogue: every action type, its CAMEO code and Goldstein score, its details class and the
 * area of a pair's state it changes, gathered from the areas (`areas/*.ts`), where each type is declared
 * beside its fold. Type names are part of the public contract and of the stored log: never rename one.
 *
 * CAMEO codes and Goldstein scores follow the CAMEO 1.1b3 look-up tables (as shipped with GDELT). Where
 * DESIGN.md left the choice open, `rationale` says why.
 */
export type ActionType = { [A in AreaName]: keyof Areas[A]['types'] & string }[AreaName];

type EntryOf<T extends ActionType> = {
  [A in AreaName]: T extends keyof Areas[A]['types'] ? Areas[A]['types'][T] : never;
}[AreaName];

/** The details of a type, as its class declares them. */
export type DetailsOf<T extends ActionType> = InstanceType<EntryOf<T>['details']>;

export interface CatalogueEntry extends TypeEntry {
  readonly area: AreaName;
}

export const CATALOGUE = Object.fromEntries(
  AREA_LIST.flatMap(([area, { types }]) => Object.entries(types).map(([type, entry]) => [type, { ...entry, area }])),
) as Readonly<Record<ActionType, CatalogueEntry>>;

export const ACTION_TYPES = Object.keys(CATALOGUE) as ActionType[];

export const isActionType = (type: unknown): type is ActionType =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, type);

export const goldstein = (type: ActionType): number => CATALOGUE[type].goldstein;

/** Whether a type counts towards the relations index (a renewal does not: its package was scored when imposed). */
export const isIndexed = (type: ActionType): boolean => CATALOGUE[type].indexed !== false;
