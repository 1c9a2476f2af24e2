import { ambassadors } from './ambassadors';
import { TSchema } from '@sinclair/typebox';
import { ActionBase, AreaChange, TypeTable, ViewOptions, Weights } from './area';
import { cooperation } from './cooperation';
import { diplomaticRelations } from './diplomatic-relations';
import { disputes } from './disputes';
import { incidents } from './incidents';
import { membership } from './membership';
import { missions } from './missions';
import { sanctions } from './sanctions';
import { talks } from './talks';
import { visaRegimes } from './visa-regimes';

/**
 * The areas of a pair's state, in the order the HTTP contract lists them: the one list. The state
 * type, its initial value, the fold's copy, the diff, the view, its JSON schema and the catalogue of
 * action types are all derived from it.
 */
export const AREAS = {
  diplomaticRelations,
  ambassadors,
  missions,
  membership,
  sanctions,
  talks,
  visaRegimes,
  cooperation,
  disputes,
  incidents,
};

export type Areas = typeof AREAS;
export type AreaName = keyof Areas;
export const AREA_NAMES = Object.keys(AREAS) as AreaName[];

/** An area as generic code handles it: any slice, any action of the catalogue. */
export interface AnyArea {
  readonly types: TypeTable;
  readonly schema: TSchema;
  initial(): unknown;
  copy(s: unknown): unknown;
  apply(s: unknown, a: ActionBase & { type: string; details: object }): unknown;
  advance?(s: unknown, at: number): unknown;
  due?(s: unknown): number | null;
  view(s: unknown, opts: ViewOptions): unknown;
  changes(before: unknown, after: unknown): AreaChange[];
  readonly weights: Weights;
  standing(s: unknown): number;
}

/** The areas in order, each with its name. */
export const AREA_LIST: readonly (readonly [AreaName, AnyArea])[] = AREA_NAMES.map((name) => [name, AREAS[name]]);
