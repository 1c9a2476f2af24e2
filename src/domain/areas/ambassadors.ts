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
  AmbassadorExpelled: {
    cameo: '174',
    goldstein: -5.0,
    description: "The actor expels the target's ambassador (declares them persona non grata).",
    rationale:
      'CAMEO 174 "expel or deport individuals" (-5.0), as DiplomatsExpelled: the expulsion of one envoy, ' +
      "whose post it leaves empty, where a recall (161, -4.0) is the sender's own choice.",
    details: NoDetails,
  },
};

const STATUS = {
  AmbassadorRecalled: 'recalled',
  AmbassadorReturned: 'present',
  AmbassadorExpelled: 'expelled',
} as const;

/**
 * Ambassadors: one entry per sending and receiving party, once an action names it. A recall or a return is the
 * actor's own envoy in the target; an expulsion is the target's envoy in the actor.
 */
export const ambassadors = keyedArea(
  types,
  Type.Object({ of: Type.String(), in: Type.String(), status: OneOf(['present', 'recalled', 'expelled']), ...Since }),
  // An envoy at post is the normal case; one withdrawn or expelled weighs until one is back.
  { recalled: -2, expelled: -3 },
  (entries, a) => {
    const [of, at] = a.type === 'AmbassadorExpelled' ? [a.target, a.actor] : [a.actor, a.target];
    entries[`${of}>${at}`] = { of, in: at, status: STATUS[a.type], since: a.occurredAt, eventId: a.eventId };
  },
);
