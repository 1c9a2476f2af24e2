import { Type } from '@sinclair/typebox';
import { IsName } from '../catalogue/details';
import { keyedArea, OneOf, Since } from './area';

export class RegimeDetails {
  @IsName()
  regime!: string;
}

const types = {
  VisaRegimeGranted: {
    cameo: '081',
    goldstein: 5.0,
    description: "The actor's visa regime for the target's nationals comes into force.",
    details: RegimeDetails,
  },
  VisaRegimeRevoked: {
    cameo: '172',
    goldstein: -5.0,
    description: "The actor's visa regime for the target's nationals is revoked.",
    details: RegimeDetails,
  },
};

const STATUS = { VisaRegimeGranted: 'in-force', VisaRegimeRevoked: 'revoked' } as const;

/** Visa regimes: one entry per regime and grantor; the beneficiary is the grantor's counterpart. */
export const visaRegimes = keyedArea(
  types,
  Type.Object({
    regime: Type.String(),
    grantedBy: Type.String(),
    beneficiary: Type.String(),
    status: OneOf(['in-force', 'revoked']),
    ...Since,
  }),
  { 'in-force': 1 },
  (entries, a) => {
    const { regime } = a.details;
    entries[`${regime}|${a.actor}`] = {
      regime,
      grantedBy: a.actor,
      beneficiary: a.target,
      status: STATUS[a.type],
      since: a.occurredAt,
      eventId: a.eventId,
    };
  },
);
