import { RelationState } from './relation-state';

export type Area =
  'diplomaticRelations' | 'ambassadors' | 'sanctions' | 'talks' | 'visaRegimes' | 'cooperation' | 'incidents';

/** One difference between two states: an entry that appeared, went, or changed. */
export interface Change {
  area: Area;
  key: string;
  from: unknown;
  to: unknown;
}

const KEYED: Area[] = ['ambassadors', 'sanctions', 'talks', 'visaRegimes', 'cooperation', 'incidents'];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What differs between two states of the same fold, area by area: `before` an earlier state
 * than `after`, so its lifted packages are a prefix of `after`'s. A package lifted in between
 * changes to its lifted form.
 */
export function diffStates(before: RelationState, after: RelationState): Change[] {
  const liftedSince = new Map(after.lifted.slice(before.lifted.length).map((p) => [p.id, p]));
  const changes: Change[] = [];
  if (!same(before.diplomaticRelations, after.diplomaticRelations)) {
    changes.push({
      area: 'diplomaticRelations',
      key: 'status',
      from: before.diplomaticRelations,
      to: after.diplomaticRelations,
    });
  }
  for (const area of KEYED) {
    const a = before[area] as Record<string, unknown>;
    const b = after[area] as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const to = b[key] ?? (area === 'sanctions' ? liftedSince.get(key) : undefined) ?? null;
      if (!same(a[key], to)) changes.push({ area, key, from: a[key] ?? null, to });
    }
  }
  return changes;
}
