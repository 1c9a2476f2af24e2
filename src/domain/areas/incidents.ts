import { Type } from '@sinclair/typebox';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Area, keyedChanges } from './area';

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

const types = {
  DiplomatsExpelled: {
    cameo: '174',
    goldstein: -5.0,
    description: 'The actor expels diplomats of the target: an incident, counted.',
    details: DiplomatsExpelledDetails,
  },
  ProtestLodged: {
    cameo: '111',
    goldstein: -2.0,
    description: 'The actor lodges a formal protest with the target: an incident, counted.',
    rationale: 'CAMEO 111 "criticize or denounce" carries -2.0 in the CAMEO Goldstein table; we take it as is.',
    details: ProtestLodgedDetails,
  },
};

type Counts = Partial<Record<keyof typeof types, number>>;
const schema = Type.Unsafe<Counts>(
  Type.Record(Type.String(), Type.Integer(), { description: 'The number of actions of each incident type' }),
);

/** Incidents leave no standing state: they are counted, per type. */
export const incidents: Area<Counts, typeof types, typeof schema> = {
  types,
  schema,
  initial: () => ({}),
  copy: (s) => ({ ...s }),
  apply(s, a) {
    s[a.type] = (s[a.type] ?? 0) + 1;
    return s;
  },
  view: (s) => s,
  changes: (before, after) => keyedChanges(before, after),
  // Incidents are over once they happen: they count in the Goldstein sum, not in the standing.
  weights: {},
  standing: () => 0,
};
