import { ActionType } from '../catalogue/catalogue';
import { about, Problem, unprocessable } from '../errors';
import { KnownAction } from '../state/knowledge';
import {
  entityTerms,
  Measure,
  nextMeasureIds,
  SanctionsAmendedDetails,
  SanctionsLiftedDetails,
} from './sanctions-details';

/**
 * The measures a package has had, as now known: those it was imposed with and those its amendments (not
 * retracted, the `corrected` one left out) added. What a lift or an amendment may name, and what an added
 * measure's id must differ from.
 */
function measuresOf(id: string, actions: ReadonlyMap<string, KnownAction>, corrected?: string): Measure[] {
  const measures: Measure[] = [];
  for (const a of actions.values()) {
    if (a.retractedBy || a.eventId === corrected) continue;
    if (a.eventId === id && a.type === 'SanctionsImposed') measures.push(...a.details.measures);
    if (a.type === 'SanctionsAmended' && a.details.sanctionsId === id) measures.push(...(a.details.add ?? []));
  }
  return measures;
}

/**
 * What a lift or an amendment says about a package's measures, checked against what the package has had
 * (`actions`: the package and the actions naming it, as the decider knows them): measure ids and entities it
 * never had are a 422, as is an added measure's id that it already has. Returns the details to record, with
 * the measures an amendment adds without an id given the package's next `m<n>`.
 */
export function checkPackageChange(
  type: ActionType,
  details: Record<string, unknown>,
  actions: ReadonlyMap<string, KnownAction>,
  corrected?: string,
): Record<string, unknown> {
  const id = details.sanctionsId;
  if (typeof id !== 'string' || (type !== 'SanctionsLifted' && type !== 'SanctionsAmended')) return details;
  const had = measuresOf(id, actions, corrected);
  const ids = new Set(had.map((m) => m.id!));
  const problems: Problem[] = [];
  const known = (field: string, names: string[], has: (name: string) => boolean, what: string) =>
    names.forEach((name, i) => {
      if (!has(name)) problems.push(about(`details.${field}[${i}]`, ` ${name} is ${what} of package ${id}`));
    });
  if (type === 'SanctionsLifted') {
    const d = details as Partial<SanctionsLiftedDetails>;
    known('measureIds', d.measureIds ?? [], (m) => ids.has(m), 'no measure');
    const terms = new Set(had.flatMap((m) => (m.entities ?? []).flatMap(entityTerms)));
    known('entities', d.entities ?? [], (e) => terms.has(e.toLowerCase()), 'no entity named by a measure');
    if (problems.length) throw unprocessable(problems);
    return details;
  }
  const d = details as Partial<SanctionsAmendedDetails>;
  known('remove', d.remove ?? [], (m) => ids.has(m), 'no measure');
  const add = d.add ?? [];
  add.forEach((m, i) => {
    if (m.id !== undefined && ids.has(m.id)) {
      problems.push(about(`details.add[${i}].id`, ` ${m.id} is already the id of a measure of package ${id}`));
    }
  });
  if (problems.length) throw unprocessable(problems);
  const fresh = nextMeasureIds(new Set([...ids, ...add.flatMap((m) => m.id ?? [])]), add.length);
  return d.add ? { ...details, add: add.map(({ id, ...m }, i) => ({ id: id ?? fresh[i], ...m })) } : details;
}
