import { Static, TSchema, Type } from '@sinclair/typebox';
import { Problem } from '../errors';

/** A `details` class: its class-validator decorators validate a type's details and give its JSON schema. */
export type DetailsClass = new () => object;

/** One action type of the catalogue. Type names are part of the public contract and of the log: never rename one. */
export interface TypeEntry {
  readonly cameo: string;
  readonly goldstein: number;
  readonly description: string;
  /** Why this CAMEO code and score, where the CAMEO tables left the choice open. */
  readonly rationale?: string;
  readonly details: DetailsClass;
  /**
   * What the details class cannot say alone: rules across fields, or against the action's `occurredAt`.
   * Run on details the class found valid; each problem names its field (`details.expiresAt`).
   */
  check?(details: object, occurredAt: string): Problem[];
  /** False for a type that does not move the relations index: neither its score nor its count. */
  readonly indexed?: false;
  /** What kind of party the actor and the target must be, where the type says (a state joins an organisation). */
  readonly parties?: { readonly actor: PartyKind; readonly target: PartyKind };
}

export type PartyKind = 'country' | 'organisation';

export type TypeTable = Record<string, TypeEntry>;

/** What every action carries besides its type and details, as the fold sees it. */
export interface ActionBase {
  eventId: string;
  actor: string;
  target: string;
  occurredAt: string;
  /** `occurredAt` in epoch ms. */
  at: number;
  /** Log position of the action's own event: breaks ties in valid time. */
  position: number;
}

/** The actions of a type table, discriminated on `type`, each with the details its class declares. */
export type ActionOf<M extends TypeTable> = {
  [T in keyof M & string]: ActionBase & { type: T; details: InstanceType<M[T]['details']> };
}[keyof M & string];

/** How the HTTP contract shows a state: the statuses of entries not in force to list beside those in force. */
export interface ViewOptions {
  include?: readonly string[];
}

/** One difference in an area between two states: an entry that appeared, went, or changed. */
export interface AreaChange {
  key: string;
  from: unknown;
  to: unknown;
}

/**
 * One area of a pair's state (talks, sanctions, …): the action types that change it and everything the
 * ledger does with it. The list of areas (`areas.ts`) is the one place the state's shape is written down:
 * the state type, its initial value, the copy a fold makes, the diff, the view and its JSON schema all
 * follow from it.
 *
 * Methods, not function properties, so an area is assignable to `Area<unknown, …>` for generic code.
 */
export interface Area<Slice, M extends TypeTable, View extends TSchema> {
  readonly types: M;
  /** The JSON schema of the area as the HTTP contract shows it. */
  readonly schema: View;
  initial(): Slice;
  /** A copy a fold may change in place: containers copied, entries shared (they are replaced, never edited). */
  copy(s: Slice): Slice;
  /** The area after one action, in valid-time order; may change and return `s`, a fold's own copy. */
  apply(s: Slice, a: ActionOf<M>): Slice;
  /**
   * For an area whose entries change with time alone (a package lapses after its expiry): the slice at the
   * instant `at`, later than or equal to any it was advanced to before. The fold calls it before each action
   * and at the instant a question asks about; like `apply`, it may change and return the fold's own copy.
   */
  advance?(s: Slice, at: number): Slice;
  /** With `advance`: the first instant after the one the slice was advanced to at which time alone changes it. */
  due?(s: Slice): number | null;
  view(s: Slice, opts: ViewOptions): Static<View>;
  /** What differs between an earlier and a later state of the same fold. */
  changes(before: Slice, after: Slice): AreaChange[];
  /**
   * The standing score's weights in this area: what an entry in force counts, by its status (or level).
   * Ended entries, and statuses not listed, count nothing, so a break and its repair net to zero.
   */
  readonly weights: Weights;
  /** This area's part of the standing score: the weights of what is in force in it. */
  standing(s: Slice): number;
}

export type Weights = Readonly<Record<string, number>>;

/** The weight of each entry, by its status: what keyed areas and lists of entries in force sum. */
export const weighEntries = (weights: Weights, entries: Iterable<{ status: string }>): number => {
  let sum = 0;
  for (const e of entries) sum += weights[e.status] ?? 0;
  return sum;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changes between two maps of entries, key by key: `null` stands for an entry that is not there. */
export function keyedChanges<E>(
  before: Record<string, E>,
  after: Record<string, E>,
  gone: (key: string) => unknown = () => null,
): AreaChange[] {
  const changes: AreaChange[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const to = after[key] ?? gone(key);
    if (!same(before[key] ?? null, to)) changes.push({ key, from: before[key] ?? null, to });
  }
  return changes;
}

/**
 * An area kept as entries by key (a track, a regime and its grantor, …), shown as a list. `entry` is
 * the schema of one entry; `apply` replaces entries in the map it is given; `weights` weigh each entry
 * by its status in the standing score.
 */
export function keyedArea<M extends TypeTable, E extends TSchema & { static: { status: string } }>(
  types: M,
  entry: E,
  weights: Weights,
  apply: (entries: Record<string, Static<E>>, a: ActionOf<M>) => void,
): Area<Record<string, Static<E>>, M, ReturnType<typeof Type.Array<E>>> {
  return {
    types,
    schema: Type.Array(entry),
    initial: () => ({}),
    copy: (s) => ({ ...s }),
    apply(s, a) {
      apply(s, a);
      return s;
    },
    view: (s) => Object.values(s),
    changes: (before, after) => keyedChanges(before, after),
    weights,
    standing: (s) => weighEntries(weights, Object.values(s)),
  };
}

/** `since` and `eventId`: when an entry took its present form, and the action that gave it. */
export const Since = { since: Type.String({ description: 'occurredAt of the action' }), eventId: Type.String() };

/** One of a few strings, as OpenAPI 3.0 writes it (an enum, not a union of consts). */
export const OneOf = <const V extends readonly string[]>(values: V) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values] });

/** A value or null, as OpenAPI 3.0 writes it. */
export const Nullable = <T extends TSchema>(t: T) => Type.Unsafe<Static<T> | null>({ ...t, nullable: true });
