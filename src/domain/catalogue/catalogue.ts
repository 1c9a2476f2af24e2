/**
 * The event catalogue v1: every diplomatic action type, its CAMEO code and Goldstein
 * score, and which part of a pair's state it changes. Type names are part of the
 * public contract and of the stored log: never rename one.
 *
 * CAMEO codes and Goldstein scores follow the CAMEO 1.1b3 look-up tables (as shipped
 * with GDELT). Where DESIGN.md left the choice open, `rationale` says why.
 */
export const MEASURE_KINDS = [
  'export_ban',
  'import_ban',
  'asset_freeze',
  'financial',
  'individual',
  'travel_ban',
  'arms_embargo',
  'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export type StateArea =
  'sanctions' | 'talks' | 'visaRegimes' | 'cooperation' | 'diplomaticRelations' | 'ambassadors' | 'incidents';

export interface CatalogueEntry {
  readonly cameo: string;
  readonly goldstein: number;
  readonly area: StateArea;
  readonly description: string;
  readonly rationale?: string;
}

export const CATALOGUE = {
  SanctionsImposed: {
    cameo: '163',
    goldstein: -8.0,
    area: 'sanctions',
    description: 'Imposes a sanctions package on the target; the package id is this event id.',
  },
  SanctionsLifted: {
    cameo: '085',
    goldstein: 7.0,
    area: 'sanctions',
    description:
      "Lifts one package (sanctionsId) or some kinds of measures from all the actor's packages on the target.",
  },
  TalksOpened: { cameo: '046', goldstein: 7.0, area: 'talks', description: 'Talks on a track become active.' },
  TalksResumed: { cameo: '046', goldstein: 7.0, area: 'talks', description: 'Talks on a track become active again.' },
  TalksSuspended: { cameo: '164', goldstein: -7.0, area: 'talks', description: 'Talks on a track are suspended.' },
  TalksTerminated: { cameo: '164', goldstein: -7.0, area: 'talks', description: 'Talks on a track are terminated.' },
  VisaRegimeGranted: {
    cameo: '081',
    goldstein: 5.0,
    area: 'visaRegimes',
    description: "The actor's visa regime for the target's nationals comes into force.",
  },
  VisaRegimeRevoked: {
    cameo: '172',
    goldstein: -5.0,
    area: 'visaRegimes',
    description: "The actor's visa regime for the target's nationals is revoked.",
  },
  CooperationLaunched: {
    cameo: '060',
    goldstein: 6.0,
    area: 'cooperation',
    description: 'A cooperation framework becomes active.',
    rationale:
      'CAMEO 060 "engage in material cooperation, not specified below" (+6.0): a framework may be ' +
      'economic, legal or sectoral, so the generic material-cooperation code fits all of them without ' +
      'claiming a narrower one (061 economic +6.4, 062 military +7.4).',
  },
  CooperationResumed: {
    cameo: '060',
    goldstein: 6.0,
    area: 'cooperation',
    description: 'A suspended cooperation framework becomes active again.',
    rationale: 'The same act as launching, so the same code and score as CooperationLaunched.',
  },
  CooperationSuspended: {
    cameo: '161',
    goldstein: -4.0,
    area: 'cooperation',
    description: 'A cooperation framework is suspended.',
  },
  CooperationTerminated: {
    cameo: '161',
    goldstein: -4.0,
    area: 'cooperation',
    description: 'A cooperation framework is terminated.',
  },
  DiplomaticRelationsDowngraded: {
    cameo: '161',
    goldstein: -4.0,
    area: 'diplomaticRelations',
    description: 'Relations between the pair are downgraded.',
  },
  DiplomaticRelationsSevered: {
    cameo: '161',
    goldstein: -4.0,
    area: 'diplomaticRelations',
    description: 'Relations between the pair are severed.',
  },
  DiplomaticRelationsRestored: {
    cameo: '054',
    goldstein: 6.0,
    area: 'diplomaticRelations',
    description: 'Relations between the pair are restored to normal.',
  },
  AmbassadorRecalled: {
    cameo: '161',
    goldstein: -4.0,
    area: 'ambassadors',
    description: 'The actor recalls its ambassador from the target.',
  },
  AmbassadorReturned: {
    cameo: '050',
    goldstein: 3.5,
    area: 'ambassadors',
    description: "The actor's ambassador returns to the target.",
    rationale:
      'CAMEO 050 "engage in diplomatic cooperation, not specified below" (+3.5): returning an envoy ' +
      'resumes ordinary diplomatic cooperation, a smaller step than restoring relations (054, +6.0), ' +
      'and of about the same weight as the recall it undoes (161, -4.0).',
  },
  DiplomatsExpelled: {
    cameo: '174',
    goldstein: -5.0,
    area: 'incidents',
    description: 'The actor expels diplomats of the target: an incident, counted.',
  },
  ProtestLodged: {
    cameo: '111',
    goldstein: -2.0,
    area: 'incidents',
    description: 'The actor lodges a formal protest with the target: an incident, counted.',
    rationale: 'CAMEO 111 "criticize or denounce" carries -2.0 in the CAMEO Goldstein table; we take it as is.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ActionType = keyof typeof CATALOGUE;
export const ACTION_TYPES = Object.keys(CATALOGUE) as ActionType[];

export const isActionType = (type: unknown): type is ActionType =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, type);

export const goldstein = (type: ActionType): number => CATALOGUE[type].goldstein;
