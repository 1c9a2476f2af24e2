import { Type } from '@sinclair/typebox';
import { NoDetails } from '../catalogue/details';
import { Area, Nullable, OneOf } from './area';

const types = {
  DiplomaticRelationsDowngraded: {
    cameo: '161',
    goldstein: -4.0,
    description: 'Relations between the pair are downgraded.',
    details: NoDetails,
  },
  DiplomaticRelationsSevered: {
    cameo: '161',
    goldstein: -4.0,
    description: 'Relations between the pair are severed.',
    details: NoDetails,
  },
  DiplomaticRelationsRestored: {
    cameo: '054',
    goldstein: 6.0,
    description: 'Relations between the pair are restored to normal.',
    details: NoDetails,
  },
};

const STATUS = {
  DiplomaticRelationsDowngraded: 'downgraded',
  DiplomaticRelationsSevered: 'severed',
  DiplomaticRelationsRestored: 'normal',
} as const;

const schema = Type.Object({
  status: OneOf(['normal', 'downgraded', 'severed']),
  since: Nullable(Type.String()),
  eventId: Nullable(Type.String()),
});

type Relations = { status: (typeof STATUS)[keyof typeof STATUS]; since: string | null; eventId: string | null };

/** The status of the pair's relations: one value, set by whoever acted last. */
export const diplomaticRelations: Area<Relations, typeof types, typeof schema> = {
  types,
  schema,
  initial: () => ({ status: 'normal', since: null, eventId: null }),
  copy: (s) => s,
  apply: (_s, a) => ({ status: STATUS[a.type], since: a.occurredAt, eventId: a.eventId }),
  view: (s) => s,
  changes: (before, after) =>
    JSON.stringify(before) === JSON.stringify(after) ? [] : [{ key: 'status', from: before, to: after }],
  weights: { downgraded: -3, severed: -6 },
  standing: (s) => diplomaticRelations.weights[s.status] ?? 0,
};
