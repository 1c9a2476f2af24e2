import { plainToInstance, Transform, Type as Nested } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsInstant, IsName } from '../catalogue/details';
import { about, Problem } from '../errors';
import { parseInstant, parseOccurredAt } from '../time';

/**
 * The details of the sanctions types, as posted: class-validator classes that validate them (unknown
 * fields rejected), type the fold and give the JSON schema of /v1/event-types, with the rules across
 * fields that a class cannot state (`check*`).
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

/** Identifiers of a sanctioned entity in public registers. */
export class EntityIds {
  /** An OpenSanctions entity id (`NK-…`, `Q…`, a source's own id). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  opensanctions?: string;

  @IsOptional()
  @Matches(/^Q[1-9]\d*$/, { message: 'wikidata must be a Wikidata item id (Q followed by digits)' })
  wikidata?: string;
}

/** A sanctioned entity named with its identifiers. */
export class NamedEntity {
  @IsString()
  @Length(1, 500)
  name!: string;

  @IsOptional()
  @ValidateNested()
  @Nested(() => EntityIds)
  ids?: EntityIds;
}

/** An entity as a measure names it: a plain name (v1) or a name with identifiers. */
export type Entity = string | NamedEntity;

/** The entity's name, whichever form it was given in. */
export const entityName = (e: Entity) => (typeof e === 'string' ? e : e.name);

/**
 * Whether `term` names the entity: its name or one of its ids, whatever the case. What a delisting and
 * the search by entity match on.
 */
export function entityTerms(e: Entity): string[] {
  if (typeof e === 'string') return [e.toLowerCase()];
  const ids = Object.values(e.ids ?? {}).filter((v): v is string => typeof v === 'string');
  return [e.name, ...ids].map((t) => t.toLowerCase());
}

/**
 * Which entity an entry names, across packages: its OpenSanctions id, else its Wikidata id, else its name
 * (whatever the case).
 */
export function entityKey(e: Entity): string {
  if (typeof e !== 'string' && e.ids?.opensanctions) return `opensanctions:${e.ids.opensanctions}`;
  if (typeof e !== 'string' && e.ids?.wikidata) return `wikidata:${e.ids.wikidata}`;
  return `name:${entityName(e).toLowerCase()}`;
}

/** Plain names are validated as named entities: one rule for both forms, each element named by its index. */
const asEntities = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((v: unknown) =>
        typeof v === 'string'
          ? Object.assign(new NamedEntity(), { name: v })
          : v && typeof v === 'object' && !Array.isArray(v)
            ? plainToInstance(NamedEntity, v)
            : v,
      )
    : value;

export class Measure {
  /** Unique in its package; when absent the server assigns `m1`, `m2`, … by the measure's place. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/^\S+$/, { message: 'id must not contain spaces' })
  id?: string;

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

  /** Names (v1), or `{ name, ids?: { opensanctions?, wikidata? } }`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Transform(asEntities, { toClassOnly: true })
  @JSONSchema((schema, { refPointerPrefix }) => ({
    ...schema,
    items: { oneOf: [{ type: 'string', minLength: 1, maxLength: 500 }, { $ref: `${refPointerPrefix}NamedEntity` }] },
  }))
  entities?: Entity[];
}

/** The authority and instrument a package rests on (Council Decision 2014/512/CFSP, an executive order, …). */
export class LegalBasis {
  @IsName()
  authority!: string;

  @IsString()
  @Length(1, 500)
  instrument!: string;

  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  url?: string;
}

const measures = () => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(1000)(target, key);
  ValidateNested({ each: true })(target, key);
  Nested(() => Measure)(target, key);
};

export class SanctionsImposedDetails {
  @measures()
  measures!: Measure[];

  /** The sanctions program (`UKRAINE-EO13662`, `EU-RUSSIA-SECTORAL`, …). */
  @IsOptional()
  @IsName()
  program?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Nested(() => LegalBasis)
  legalBasis?: LegalBasis[];

  /** The sunset: the package lapses after this date (its whole day) or instant, unless renewed. */
  @IsOptional()
  @IsInstant()
  @JSONSchema({ description: 'The package lapses after this date (in force through it) or instant, unless renewed' })
  expiresAt?: string;
}

/** A list of 1 to `most` strings of 1 to `length` characters (measure ids, entity names). */
const strings = (most: number, length: number) => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(most)(target, key);
  IsString({ each: true })(target, key);
  Length(1, length, { each: true })(target, key);
};

class NamesPackage {
  /** The SanctionsImposed this action is about: of the same actor on the same target. */
  @IsUUID()
  sanctionsId!: string;
}

export class SanctionsRenewedDetails extends NamesPackage {
  /** The package's new expiry: a date (in force through that day) or an instant. */
  @IsInstant()
  @JSONSchema({ description: "The package's new expiry: a date (in force through that day) or an instant" })
  expiresAt!: string;
}

/** At least one of `add` and `remove`. */
export class SanctionsAmendedDetails extends NamesPackage {
  @IsOptional()
  @measures()
  add?: Measure[];

  /** Ids of the package's measures that the amendment takes out. */
  @IsOptional()
  @strings(1000, 100)
  remove?: string[];
}

export class SanctionsSuspendedDetails extends NamesPackage {
  /** The suspension ends by itself after this date (its whole day) or instant. */
  @IsOptional()
  @IsInstant()
  @JSONSchema({ description: 'The suspension ends by itself after this date (its whole day) or instant' })
  until?: string;
}

export class SanctionsReinstatedDetails extends NamesPackage {}

/**
 * One of four forms: `{ sanctionsId }` lifts the package; `{ kinds }` (v1) lifts those kinds of measures from
 * all the actor's packages on the target; `{ sanctionsId, measureIds }` lifts those measures of the package;
 * `{ sanctionsId, entities }` delists those entities (by name or id) from the package's measures.
 */
export class SanctionsLiftedDetails {
  @IsOptional()
  @IsUUID()
  sanctionsId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(MEASURE_KINDS, { each: true })
  kinds?: MeasureKind[];

  @IsOptional()
  @strings(1000, 100)
  measureIds?: string[];

  /** Names or ids of entities, whatever the case. */
  @IsOptional()
  @strings(10_000, 500)
  entities?: string[];
}

/** Measure i (from 1) without an id gets `m<i>`: for new packages, as for those recorded before ids existed. */
export const withMeasureIds = (ms: readonly Measure[]): (Measure & { id: string })[] =>
  ms.map(({ id, ...m }, i) => ({ id: id ?? `m${i + 1}`, ...m }));

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Details whose `measures` (a package's: SanctionsImposed, or a correction of one) all have ids, those
 * without getting `m<i>` by place: how the decider records a package, and how a v1 package is read. Any
 * other details, and measures that are not objects (refused by validation), are left as they are.
 */
export function withIdsOnMeasures<D>(details: D): D {
  const ms = isObject(details) ? details.measures : undefined;
  if (!Array.isArray(ms) || ms.every((m) => !isObject(m) || m.id !== undefined)) return details;
  const measures = ms.map((m: unknown, i) => (isObject(m) && m.id === undefined ? { id: `m${i + 1}`, ...m } : m));
  return { ...details, measures };
}

/** The next ids `m<n>` free in a package that has `taken`, for `count` measures added without one. */
export function nextMeasureIds(taken: ReadonlySet<string>, count: number): string[] {
  let n = Math.max(0, ...[...taken].map((id) => Number(/^m(\d+)$/.exec(id)?.[1] ?? 0)));
  return Array.from({ length: count }, () => `m${++n}`);
}

/** Each measure id once. */
export function checkUniqueIds(ms: readonly Measure[], field: string): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  ms.forEach((m, i) => {
    if (m.id === undefined) return;
    const first = seen.get(m.id);
    if (first === undefined) seen.set(m.id, i);
    else problems.push(about(`${field}[${i}].id`, ` ${m.id} is already the id of ${field}[${first}]`));
  });
  return problems;
}

/** A date-only bound covers its whole day: in force through it. */
export const endOf = (value: string) => parseInstant('expiresAt', value, 'end-of-day');

/** A period's end must not come before the action that sets it. */
export function notBefore(field: string, value: string | undefined, occurredAt: string): Problem[] {
  if (value === undefined || endOf(value) >= parseOccurredAt(occurredAt)) return [];
  return [about(`details.${field}`, ` (${value}) must not be before occurredAt (${occurredAt})`)];
}

export function checkLifted(d: SanctionsLiftedDetails): Problem[] {
  const given = (['sanctionsId', 'kinds', 'measureIds', 'entities'] as const).filter((k) => d[k] !== undefined);
  const forms = ['sanctionsId', 'kinds', 'sanctionsId,measureIds', 'sanctionsId,entities'];
  if (forms.includes(given.join(','))) return [];
  return [
    about(
      'details',
      ': give one of { sanctionsId } (the package), { kinds }, { sanctionsId, measureIds } or { sanctionsId, entities }',
    ),
  ];
}
