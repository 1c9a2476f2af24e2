import { Type } from '@sinclair/typebox';
import { NoDetails } from '../catalogue/details';
import { keyedArea, OneOf, Since } from './area';

const types = {
  AmbassadorRecalled: {
    cameo: '161',
    goldstein: -4.0,
    description: 'The actor recalls its ambassador from the target.',
    details: NoDetails,
  },
  AmbassadorReturned: {
    cameo: '050',
    goldstein: 3.5,
    description: "The actor's ambassador returns to the target.",
    rationale:
      'CAMEO 050 "engage in diplomatic cooperation, not specified below" (+3.5): returning an envoy ' +
      'resumes ordinary diplomatic cooperation, a smaller step than restoring relations (054, +6.0), ' +
      'and of about the same weight as the recall it undoes (161, -4.0).',
    details: NoDetails,
  },
};

const STATUS = { AmbassadorRecalled: 'recalled', AmbassadorReturned: 'present' } as const;

/** Ambassadors: one entry per sending and receiving party, once an action names it. */
export const ambassadors = keyedArea(
  types,
  Type.Object({ of: Type.String(), in: Type.String(), status: OneOf(['present', 'recalled']), ...Since }),
  // An envoy at post is the normal case; one withdrawn weighs until it is back.
  { recalled: -2 },
  (entries, a) => {
    entries[`${a.actor}>${a.target}`] = {
      of: a.actor,
      in: a.target,
      status: STATUS[a.type],
      since: a.occurredAt,
      eventId: a.eventId,
    };
  },
);
