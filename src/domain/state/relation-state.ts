import { ActionType } from '../catalogue/catalogue';
import { DetailsOf, Measure } from '../catalogue/details';

/** An action as the fold sees it: the latest correction applied, its valid time in ms. */
export interface Action<T extends ActionType = ActionType> {
  eventId: string;
  type: T;
  actor: string;
  target: string;
  occurredAt: string;
  /** `occurredAt` in epoch ms. */
  at: number;
  /** Log position of the action's own event: breaks ties in valid time. */
  position: number;
  details: DetailsOf[T];
}

export type RelationsStatus = 'normal' | 'downgraded' | 'severed';
export type TalksStatus = 'active' | 'suspended' | 'terminated';

export interface Since {
  since: string;
  eventId: string;
}

export interface SanctionsPackage {
  id: string;
  imposedBy: string;
  target: string;
  since: string;
  measures: Measure[];
  status: 'active' | 'lifted';
  liftedAt?: string;
  liftedBy?: string;
}

export interface Ambassador extends Since {
  of: string;
  in: string;
  status: 'present' | 'recalled';
}

export interface Talks extends Since {
  track: string;
  status: TalksStatus;
  by: string;
}

export interface VisaRegime extends Since {
  regime: string;
  grantedBy: string;
  beneficiary: string;
  status: 'in-force' | 'revoked';
}

export interface Cooperation extends Since {
  framework: string;
  status: TalksStatus;
  by: string;
}

/**
 * The state of a pair's relations after folding some actions. A plain JSON value,
 * keyed maps rather than lists, so snapshots serialise it as is.
 */
export interface RelationState {
  diplomaticRelations: { status: RelationsStatus; since: string | null; eventId: string | null };
  ambassadors: Record<string, Ambassador>;
  /** The packages in force, by id. */
  sanctions: Record<string, SanctionsPackage>;
  /**
   * The packages lifted, in the order the fold lifted them. Kept apart from those in force so
   * that what a fold step touches, and what a snapshot holds, does not grow with the history.
   */
  lifted: SanctionsPackage[];
  talks: Record<string, Talks>;
  visaRegimes: Record<string, VisaRegime>;
  cooperation: Record<string, Cooperation>;
  incidents: Partial<Record<'DiplomatsExpelled' | 'ProtestLodged', number>>;
  /** Goldstein scores summed over the folded actions. */
  index: { score: number; actions: number };
  eventCount: number;
  lastEventAt: string | null;
}

export const initialState = (): RelationState => ({
  diplomaticRelations: { status: 'normal', since: null, eventId: null },
  ambassadors: {},
  sanctions: {},
  lifted: [],
  talks: {},
  visaRegimes: {},
  cooperation: {},
  incidents: {},
  index: { score: 0, actions: 0 },
  eventCount: 0,
  lastEventAt: null,
});
