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

/** What differs between two states of the same pair, area by area. */
export function diffStates(before: RelationState, after: RelationState): Change[] {
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
      if (!same(a[key], b[key])) changes.push({ area, key, from: a[key] ?? null, to: b[key] ?? null });
    }
  }
  return changes;
}
