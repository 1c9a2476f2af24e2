import { Static, Type } from '@sinclair/typebox';
import { Type as Nested } from 'class-transformer';
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
  Min,
  ValidateNested,
} from 'class-validator';
import { ActionOf, Area, keyedChanges, OneOf, weighEntries } from './area';

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
  @Nested(() => Measure)
  measures!: Measure[];
}

/** Exactly one of `sanctionsId` and `kinds`: checked by `validateDetails`. */
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

const types = {
  SanctionsImposed: {
    cameo: '163',
    goldstein: -8.0,
    description: 'Imposes a sanctions package on the target; the package id is this event id.',
    details: SanctionsImposedDetails,
  },
  SanctionsLifted: {
    cameo: '085',
    goldstein: 7.0,
    description:
      "Lifts one package (sanctionsId) or some kinds of measures from all the actor's packages on the target.",
    details: SanctionsLiftedDetails,
  },
};

const Package = Type.Object({
  id: Type.String({ description: 'The eventId of the SanctionsImposed' }),
  imposedBy: Type.String(),
  target: Type.String(),
  since: Type.String(),
  measures: Type.Array(Type.Unsafe<Measure>({ type: 'object', description: 'As recorded: see SanctionsImposed' })),
  status: OneOf(['active', 'lifted']),
  liftedAt: Type.Optional(Type.String()),
  liftedBy: Type.Optional(Type.String()),
});
export type SanctionsPackage = Static<typeof Package>;

/**
 * The packages in force by id, and those lifted, in the order the fold lifted them: kept apart so that
 * what a fold step touches, and what a snapshot holds, follows what is in force, not the history.
 */
export interface Sanctions {
  packages: Record<string, SanctionsPackage>;
  lifted: SanctionsPackage[];
}

type Action = ActionOf<typeof types>;

function lift(s: Sanctions, p: SanctionsPackage, a: Action) {
  delete s.packages[p.id];
  s.lifted.push({ ...p, status: 'lifted', liftedAt: a.occurredAt, liftedBy: a.eventId });
}

/** Lifting by kinds removes those measures from the actor's packages on the target, and lifts the emptied ones. */
function liftKinds(s: Sanctions, a: Action, kinds: MeasureKind[]) {
  for (const p of Object.values(s.packages)) {
    if (p.imposedBy !== a.actor || p.target !== a.target) continue;
    const measures = p.measures.filter((m) => !kinds.includes(m.kind));
    if (measures.length === p.measures.length) continue;
    if (measures.length) s.packages[p.id] = { ...p, measures };
    else lift(s, p, a);
  }
}

const schema = Type.Array(Package);

export const sanctions: Area<Sanctions, typeof types, typeof schema> = {
  types,
  schema,
  initial: () => ({ packages: {}, lifted: [] }),
  copy: (s) => ({ packages: { ...s.packages }, lifted: [...s.lifted] }),
  apply(s, a) {
    switch (a.type) {
      case 'SanctionsImposed':
        s.packages[a.eventId] = {
          id: a.eventId,
          imposedBy: a.actor,
          target: a.target,
          since: a.occurredAt,
          measures: a.details.measures,
          status: 'active',
        };
        return s;
      case 'SanctionsLifted': {
        const { sanctionsId, kinds } = a.details;
        if (kinds) liftKinds(s, a, kinds);
        // A lift that precedes its package in valid time, or repeats, has nothing in force to lift.
        else if (sanctionsId && s.packages[sanctionsId]) lift(s, s.packages[sanctionsId], a);
        return s;
      }
    }
  },
  view: (s, { includeLifted }) => [...Object.values(s.packages), ...(includeLifted ? s.lifted : [])],
  changes(before, after) {
    // A package lifted in between changes to its lifted form; `before` is the earlier state of the same fold.
    const liftedSince = new Map(after.lifted.slice(before.lifted.length).map((p) => [p.id, p]));
    return keyedChanges(before.packages, after.packages, (id) => liftedSince.get(id) ?? null);
  },
  // Each package in force weighs the same, whatever its measures: what the record says is in force, not how hard it bites.
  weights: { active: -3 },
  standing: (s) => weighEntries(sanctions.weights, Object.values(s.packages)),
};
