import { Static, Type } from '@sinclair/typebox';
import { IsIn, IsOptional } from 'class-validator';
import { NoDetails } from '../catalogue/details';
import { ActionOf, Area, Nullable, OneOf } from './area';

/** Below the ambassadorial level: relations led by a chargé d'affaires, or by an interests section. */
export const LEVELS = ['charge-d-affaires', 'interests-section'] as const;

export class DowngradedDetails {
  /** The level relations go down to, where the source says. */
  @IsOptional()
  @IsIn(LEVELS, { message: `level must be one of ${LEVELS.join(', ')}` })
  level?: (typeof LEVELS)[number];
}

const types = {
  DiplomaticRelationsEstablished: {
    cameo: '054',
    goldstein: 6.0,
    description: 'The pair establish diplomatic relations.',
    rationale:
      'CAMEO 054 "grant diplomatic recognition" (+6.0): establishing relations is the act that code names, ' +
      'and restoring them (DiplomaticRelationsRestored) already takes it.',
    details: NoDetails,
  },
  DiplomaticRelationsDowngraded: {
    cameo: '161',
    goldstein: -4.0,
    description: "The actor downgrades the pair's relations, to `level` where given.",
    details: DowngradedDetails,
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
  DiplomaticRelationsEstablished: 'normal',
  DiplomaticRelationsDowngraded: 'downgraded',
  DiplomaticRelationsSevered: 'severed',
  DiplomaticRelationsRestored: 'normal',
} as const;

const schema = Type.Object({
  status: OneOf(['unrecorded', 'normal', 'downgraded', 'severed']),
  level: Nullable(OneOf(LEVELS)),
  by: Nullable(Type.String({ description: 'Who acted last on the relations' })),
  since: Nullable(Type.String()),
  eventId: Nullable(Type.String()),
});

type Relations = Static<typeof schema>;

const level = (a: ActionOf<typeof types>) => (a.type === 'DiplomaticRelationsDowngraded' && a.details.level) || null;

/**
 * The status of the pair's relations: one value, set by whoever acted last, and `unrecorded` until an action
 * sets it (a pair may have none: Lithuania and Taiwan). Representation each way is in `ambassadors` and `missions`.
 */
export const diplomaticRelations: Area<Relations, typeof types, typeof schema> = {
  types,
  schema,
  initial: () => ({ status: 'unrecorded', level: null, by: null, since: null, eventId: null }),
  copy: (s) => s,
  apply: (_s, a) => ({ status: STATUS[a.type], level: level(a), by: a.actor, since: a.occurredAt, eventId: a.eventId }),
  view: (s) => s,
  changes: (before, after) =>
    JSON.stringify(before) === JSON.stringify(after) ? [] : [{ key: 'status', from: before, to: after }],
  // A downgrade to a named level weighs that level.
  weights: { downgraded: -3, 'charge-d-affaires': -3, 'interests-section': -5, severed: -6 },
  standing: (s) => diplomaticRelations.weights[s.level ?? s.status] ?? 0,
};
