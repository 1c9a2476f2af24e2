import { Type } from '@sinclair/typebox';
import { IsName } from '../catalogue/details';
import { keyedArea, Since } from './area';
import { Course } from './talks';

export class FrameworkDetails {
  @IsName()
  framework!: string;
}

const types = {
  CooperationLaunched: {
    cameo: '060',
    goldstein: 6.0,
    description: 'A cooperation framework becomes active.',
    rationale:
      'CAMEO 060 "engage in material cooperation, not specified below" (+6.0): a framework may be ' +
      'economic, legal or sectoral, so the generic material-cooperation code fits all of them without ' +
      'claiming a narrower one (061 economic +6.4, 062 military +7.4).',
    details: FrameworkDetails,
  },
  CooperationResumed: {
    cameo: '060',
    goldstein: 6.0,
    description: 'A suspended cooperation framework becomes active again.',
    rationale: 'The same act as launching, so the same code and score as CooperationLaunched.',
    details: FrameworkDetails,
  },
  CooperationSuspended: {
    cameo: '161',
    goldstein: -4.0,
    description: 'A cooperation framework is suspended.',
    details: FrameworkDetails,
  },
  CooperationTerminated: {
    cameo: '161',
    goldstein: -4.0,
    description: 'A cooperation framework is terminated.',
    details: FrameworkDetails,
  },
};

const STATUS = {
  CooperationLaunched: 'active',
  CooperationResumed: 'active',
  CooperationSuspended: 'suspended',
  CooperationTerminated: 'terminated',
} as const;

/** Cooperation: one entry per framework, whoever acted last on it. */
export const cooperation = keyedArea(
  types,
  Type.Object({ framework: Type.String(), status: Course, by: Type.String(), ...Since }),
  { active: 2 },
  (entries, a) => {
    const { framework } = a.details;
    entries[framework] = { framework, status: STATUS[a.type], by: a.actor, since: a.occurredAt, eventId: a.eventId };
  },
);
