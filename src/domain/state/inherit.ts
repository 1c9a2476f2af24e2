import { AREA_LIST, AreaName } from '../areas/areas';
import type { StateView } from './view';

/** The areas whose view lists entries one by one (not relations, not incident counts). */
type ListArea = { [A in AreaName]: StateView[A] extends readonly object[] ? A : never }[AreaName];

/** The areas a member takes on from its organisations: every area listed entry by entry, but membership itself. */
export const INHERITED = AREA_LIST.filter(([name, area]) => name !== 'membership' && area.schema.type === 'array').map(
  ([name]) => name as ListArea,
);

/**
 * A pair's view with what an organisation had in force on one of the pair added: `from` is the view of the
 * organisation's own pair with that party, and each of its entries joins the list of its area marked
 * `via: "<org>"`. The pair's index and counts stay its own.
 */
export function withInherited(view: StateView, via: string, from: StateView): StateView {
  const added = INHERITED.map((name) => [name, [...view[name], ...from[name].map((e: object) => ({ ...e, via }))]]);
  return { ...view, ...(Object.fromEntries(added) as Partial<StateView>) };
}
