import { Type } from '@sinclair/typebox';
import { IsName } from '../catalogue/details';
import { keyedArea, OneOf, Since } from './area';

export class TrackDetails {
  @IsName()
  track!: string;
}

/** The course of talks on a track, or of a cooperation framework. */
export const Course = OneOf(['active', 'suspended', 'terminated']);

const types = {
  TalksOpened: { cameo: '046', goldstein: 7.0, description: 'Talks on a track become active.', details: TrackDetails },
  TalksResumed: {
    cameo: '046',
    goldstein: 7.0,
    description: 'Talks on a track become active again.',
    details: TrackDetails,
  },
  TalksSuspended: {
    cameo: '164',
    goldstein: -7.0,
    description: 'Talks on a track are suspended.',
    details: TrackDetails,
  },
  TalksTerminated: {
    cameo: '164',
    goldstein: -7.0,
    description: 'Talks on a track are terminated.',
    details: TrackDetails,
  },
};

const STATUS = {
  TalksOpened: 'active',
  TalksResumed: 'active',
  TalksSuspended: 'suspended',
  TalksTerminated: 'terminated',
} as const;

/** Talks: one entry per track, whoever acted last on it. */
export const talks = keyedArea(
  types,
  Type.Object({ track: Type.String(), status: Course, by: Type.String(), ...Since }),
  { active: 2 },
  (entries, a) => {
    const { track } = a.details;
    entries[track] = { track, status: STATUS[a.type], by: a.actor, since: a.occurredAt, eventId: a.eventId };
  },
);
