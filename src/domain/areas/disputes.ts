import { Type } from '@sinclair/typebox';
import { IsOptional, ValidateBy } from 'class-validator';
import { IsName } from '../catalogue/details';
import { isParty } from '../codes';
import { keyedArea, OneOf, Since } from './area';

/** A party code, as actors and targets take them. */
const IsParty = () =>
  ValidateBy({
    name: 'isParty',
    validator: {
      validate: isParty,
      defaultMessage: () => '$property must be a party code (a country or an organisation of GET /v1/parties)',
    },
  });

export class DisputeFiledDetails {
  /** Where: `WTO`, `ICJ`, `PCA`, `ICSID`… */
  @IsName()
  forum!: string;

  /** The forum's number for the case (`DS610`); without it, the case is known by the filing's eventId. */
  @IsOptional()
  @IsName()
  caseId?: string;

  /** The party the case is brought for, where the actor brings it for another (the EU for Lithuania). */
  @IsOptional()
  @IsParty()
  onBehalfOf?: string;
}

/** A later step of a case: its forum and its case id (the filing's eventId where the forum gave none). */
export class DisputeCaseDetails {
  @IsName()
  forum!: string;

  @IsName()
  caseId!: string;
}

export class DisputeRuledDetails extends DisputeCaseDetails {
  /** What the forum decided, in a few words (`in favour of the complainant`, `no violation found`). */
  @IsName()
  outcome!: string;
}

const types = {
  DisputeFiled: {
    cameo: '115',
    goldstein: -2.0,
    description: 'The actor brings a case against the target before a forum (WTO, ICJ, arbitration…).',
    rationale: 'CAMEO 115 "bring lawsuit against" (-2.0).',
    details: DisputeFiledDetails,
  },
  DisputeRuled: {
    cameo: '010',
    goldstein: 0,
    description: 'The forum rules on the case: the actor and target are its parties, as filed.',
    rationale:
      'CAMEO 010 "make statement, not specified below" (0.0): the ruling is the forum\'s; what it means for ' +
      'the pair is in its outcome, and in what the parties do next.',
    details: DisputeRuledDetails,
  },
  DisputeWithdrawn: {
    cameo: '080',
    goldstein: 5.0,
    description: 'The actor withdraws its case against the target.',
    rationale: 'CAMEO 080 "yield, not specified below" (+5.0): one side gives up its claim.',
    details: DisputeCaseDetails,
  },
  DisputeSettled: {
    cameo: '080',
    goldstein: 5.0,
    description: 'The parties settle the case (a mutually agreed solution).',
    rationale: 'CAMEO 080 "yield, not specified below" (+5.0): the claim is given up on agreed terms.',
    details: DisputeCaseDetails,
  },
};

const STATUS = {
  DisputeFiled: 'active',
  DisputeRuled: 'ruled',
  DisputeWithdrawn: 'withdrawn',
  DisputeSettled: 'settled',
} as const;

/** Disputes: one entry per case (forum and case id), from its filing through its ruling or end. */
export const disputes = keyedArea(
  types,
  Type.Object({
    forum: Type.String(),
    caseId: Type.String({ description: "The forum's case number, or the filing's eventId where it gave none" }),
    status: OneOf(['active', 'ruled', 'withdrawn', 'settled']),
    complainant: Type.Optional(Type.String({ description: 'The party that filed the case' })),
    onBehalfOf: Type.Optional(Type.String()),
    outcome: Type.Optional(Type.String()),
    ...Since,
  }),
  // A case pending weighs a little; once ruled, withdrawn or settled, nothing.
  { active: -1 },
  (entries, a) => {
    const caseId = a.details.caseId ?? a.eventId;
    const key = `${a.details.forum}|${caseId}`;
    const filed = a.type === 'DisputeFiled' ? { complainant: a.actor, onBehalfOf: a.details.onBehalfOf } : entries[key];
    entries[key] = {
      forum: a.details.forum,
      caseId,
      status: STATUS[a.type],
      ...(filed?.complainant !== undefined && { complainant: filed.complainant }),
      ...(filed?.onBehalfOf !== undefined && { onBehalfOf: filed.onBehalfOf }),
      ...(a.type === 'DisputeRuled' && { outcome: a.details.outcome }),
      since: a.occurredAt,
      eventId: a.eventId,
    };
  },
);
