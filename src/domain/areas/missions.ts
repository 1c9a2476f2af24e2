import { Type } from '@sinclair/typebox';
import { IsIn, IsOptional } from 'class-validator';
import { IsName } from '../catalogue/details';
import { keyedArea, OneOf, Since } from './area';

export const MISSIONS = ['embassy', 'consulate', 'representative-office', 'interests-section'] as const;

export class MissionDetails {
  @IsIn(MISSIONS, { message: `mission must be one of ${MISSIONS.join(', ')}` })
  mission!: (typeof MISSIONS)[number];

  /** Where it is, for a consulate say, or an office in a capital. */
  @IsOptional()
  @IsName()
  city?: string;
}

const types = {
  MissionOpened: {
    cameo: '050',
    goldstein: 3.5,
    description: 'The actor opens a mission of its own (embassy, consulate, representative office…) in the target.',
    rationale:
      'CAMEO 050 "engage in diplomatic cooperation, not specified below" (+3.5), as AmbassadorReturned: a ' +
      'mission is the standing means of that cooperation, and opening one is not recognition (054) by itself.',
    details: MissionDetails,
  },
  MissionClosed: {
    cameo: '161',
    goldstein: -4.0,
    description: 'The actor closes a mission of its own in the target, or the target has it closed.',
    rationale: 'CAMEO 161 "reduce or break diplomatic relations" (-4.0): fewer missions is less representation.',
    details: MissionDetails,
  },
};

const STATUS = { MissionOpened: 'open', MissionClosed: 'closed' } as const;

/** Missions: one entry per sending party, receiving party, kind of mission and city. */
export const missions = keyedArea(
  types,
  Type.Object({
    of: Type.String({ description: 'Whose mission it is' }),
    in: Type.String({ description: 'Where it is' }),
    mission: OneOf(MISSIONS),
    city: Type.Optional(Type.String()),
    status: OneOf(['open', 'closed']),
    ...Since,
  }),
  // Each mission open weighs a little; a closed one is as if it had never opened.
  { open: 1 },
  (entries, a) => {
    const { mission, city } = a.details;
    entries[`${a.actor}>${a.target}|${mission}|${city ?? ''}`] = {
      of: a.actor,
      in: a.target,
      mission,
      ...(city !== undefined && { city }),
      status: STATUS[a.type],
      since: a.occurredAt,
      eventId: a.eventId,
    };
  },
);
