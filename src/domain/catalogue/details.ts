import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActionType, MEASURE_KINDS, MeasureKind } from './catalogue';

/**
 * The `details` of each action type, as class-validator classes: one definition
 * gives validation (unknown fields rejected) and the JSON schema of /v1/event-types.
 */
export class Measure {
  @IsIn(MEASURE_KINDS)
  kind!: MeasureKind;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;

  /** How many items the measure covers (product lines, say). */
  @IsOptional()
  @IsInt()
  @Min(0)
  items?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  entities?: string[];
}

export class SanctionsImposedDetails {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => Measure)
  measures!: Measure[];
}

/** Exactly one of `sanctionsId` and `kinds`; checked in validateDetails. */
export class SanctionsLiftedDetails {
  @IsOptional()
  @IsUUID()
  sanctionsId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(MEASURE_KINDS, { each: true })
  kinds?: MeasureKind[];
}

const NAME = { message: '$property must be a string of 1 to 200 characters' };

export class TrackDetails {
  @IsString(NAME)
  @Length(1, 200, NAME)
  track!: string;
}

export class RegimeDetails {
  @IsString(NAME)
  @Length(1, 200, NAME)
  regime!: string;
}

export class FrameworkDetails {
  @IsString(NAME)
  @Length(1, 200, NAME)
  framework!: string;
}

export class NoDetails {}

export class DiplomatsExpelledDetails {
  @IsInt()
  @Min(1)
  @Max(100_000)
  count!: number;
}

export class ProtestLodgedDetails {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  subject?: string;
}

export const DETAILS_CLASS: Record<ActionType, new () => object> = {
  SanctionsImposed: SanctionsImposedDetails,
  SanctionsLifted: SanctionsLiftedDetails,
  TalksOpened: TrackDetails,
  TalksResumed: TrackDetails,
  TalksSuspended: TrackDetails,
  TalksTerminated: TrackDetails,
  VisaRegimeGranted: RegimeDetails,
  VisaRegimeRevoked: RegimeDetails,
  CooperationLaunched: FrameworkDetails,
  CooperationResumed: FrameworkDetails,
  CooperationSuspended: FrameworkDetails,
  CooperationTerminated: FrameworkDetails,
  DiplomaticRelationsDowngraded: NoDetails,
  DiplomaticRelationsSevered: NoDetails,
  DiplomaticRelationsRestored: NoDetails,
  AmbassadorRecalled: NoDetails,
  AmbassadorReturned: NoDetails,
  DiplomatsExpelled: DiplomatsExpelledDetails,
  ProtestLodged: ProtestLodgedDetails,
};

/** The details shape of each type, for the fold. */
export interface DetailsOf {
  SanctionsImposed: { measures: Measure[] };
  SanctionsLifted: { sanctionsId?: string; kinds?: MeasureKind[] };
  TalksOpened: { track: string };
  TalksResumed: { track: string };
  TalksSuspended: { track: string };
  TalksTerminated: { track: string };
  VisaRegimeGranted: { regime: string };
  VisaRegimeRevoked: { regime: string };
  CooperationLaunched: { framework: string };
  CooperationResumed: { framework: string };
  CooperationSuspended: { framework: string };
  CooperationTerminated: { framework: string };
  DiplomaticRelationsDowngraded: Record<string, never>;
  DiplomaticRelationsSevered: Record<string, never>;
  DiplomaticRelationsRestored: Record<string, never>;
  AmbassadorRecalled: Record<string, never>;
  AmbassadorReturned: Record<string, never>;
  DiplomatsExpelled: { count: number };
  ProtestLodged: { subject?: string };
}
