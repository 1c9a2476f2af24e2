import { Type } from '@sinclair/typebox';
import { NoDetails } from '../catalogue/details';
import { keyedArea, OneOf, Since } from './area';

/** Who acts in membership actions: a state joins or leaves an organisation. */
const STATE_IN_ORGANISATION = { actor: 'country', target: 'organisation' } as const;

const types = {
  MembershipJoined: {
    cameo: '057',
    goldstein: 8.0,
    description: 'The actor, a state, becomes a member of the target, an organisation (its accession takes effect).',
    rationale:
      'CAMEO 057 "sign formal agreement" (+8.0): an accession is a treaty the state and the members sign, and ' +
      'it binds the state to what the organisation decides.',
    details: NoDetails,
    parties: STATE_IN_ORGANISATION,
  },
  MembershipLeft: {
    cameo: '161',
    goldstein: -4.0,
    description: 'The actor, a state, stops being a member of the target, an organisation (its exit takes effect).',
    rationale: 'CAMEO 161 "reduce or break diplomatic relations" (-4.0): leaving is the end of a standing tie.',
    details: NoDetails,
    parties: STATE_IN_ORGANISATION,
  },
};

const STATUS = { MembershipJoined: 'member', MembershipLeft: 'left' } as const;

/**
 * Membership: a state's membership of an organisation, one entry per pair. Who was a member on a date is the
 * entries of the organisation's pairs (`GET /v1/organisations/{org}/members`), and what a member inherits
 * (`inherit=true`) is what its organisations had in force.
 */
export const membership = keyedArea(
  types,
  Type.Object({
    member: Type.String({ description: 'The state' }),
    organisation: Type.String(),
    status: OneOf(['member', 'left']),
    ...Since,
  }),
  // Belonging to an organisation is a standing tie with it; having left weighs as never having joined.
  { member: 2 },
  (entries, a) => {
    entries[`${a.actor}>${a.target}`] = {
      member: a.actor,
      organisation: a.target,
      status: STATUS[a.type],
      since: a.occurredAt,
      eventId: a.eventId,
    };
  },
);

/** A state's membership of an organisation as a slice holds it: its entry while a member, else undefined. */
export const membershipIn = (entries: Record<string, MembershipEntry>, member: string, organisation: string) => {
  const e = entries[`${member}>${organisation}`] as MembershipEntry | undefined;
  return e?.status === 'member' ? e : undefined;
};

type MembershipEntry = ReturnType<typeof membership.initial>[string];
