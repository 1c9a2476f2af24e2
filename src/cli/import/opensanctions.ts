import { partyName } from '../../domain/codes';
import { MeasureKind } from '../../domain/areas/sanctions';
import { derivedId, ImportRow } from './rows';

/**
 * FollowTheMoney entities, one a line, as OpenSanctions publishes them (`entities.ftm.json`): each
 * `{ id, schema, properties: { name: [...], ... } }`, properties always lists of values. A `Sanction` names
 * the sanctioned entity by id (`properties.entity`), on a line of its own, before or after it; in the nested
 * form (`targets.nested.json`) an entity carries its sanctions inline, in `properties.sanctions`.
 */
interface Ftm {
  id: string;
  schema: string;
  caption?: string;
  properties: Record<string, unknown>;
}

type Line = { line: number; object: Record<string, unknown> } | { line: number; invalid: string };

const isFtm = (o: unknown): o is Ftm =>
  typeof o === 'object' &&
  o !== null &&
  typeof (o as Ftm).id === 'string' &&
  typeof (o as Ftm).schema === 'string' &&
  typeof (o as Ftm).properties === 'object' &&
  (o as Ftm).properties !== null;

/** A property's values that are strings (nested entities are objects). */
const values = (e: Ftm, prop: string): string[] => {
  const v = e.properties[prop];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};
const first = (e: Ftm, ...props: string[]) => props.flatMap((p) => values(e, p))[0];

/** FollowTheMoney's countries are lower-case ISO codes, `eu` among them; the ledger's are upper-case. */
const party = (code: string | undefined) => (code && partyName(code.toUpperCase()) ? code.toUpperCase() : undefined);

/** A full date (FollowTheMoney allows `2014` and `2014-07`), or the date of a timestamp. */
const fullDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined);

/** What a designation's provisions say it does, by the words OpenSanctions' sources use. */
const PROVISIONS: [RegExp, MeasureKind][] = [
  [/asset|freez|block/i, 'asset_freeze'],
  [/travel|visa|admission/i, 'travel_ban'],
  [/arms|weapon|military/i, 'arms_embargo'],
  [/export/i, 'export_ban'],
  [/import/i, 'import_ban'],
  [/financ|invest|capital|loan|securit/i, 'financial'],
];

function measureKinds(sanction: Ftm, entity: Ftm): MeasureKind[] {
  const kinds = values(sanction, 'provisions').flatMap((p) =>
    PROVISIONS.filter(([re]) => re.test(p)).map(([, k]) => k),
  );
  if (kinds.length) return [...new Set(kinds)];
  // Without provisions a designation is a listing: of a person, an individual sanction.
  return [entity.schema === 'Person' ? 'individual' : 'other'];
}

const https = (url: string | undefined) => (url && /^https?:\/\//.test(url) ? url : undefined);
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * One designation as a package: the issuing country imposes it on the sanctioned entity's country, from
 * its start date until its end date (its expiry), naming the entity with its OpenSanctions id. A
 * designation that says neither who issued it, nor on whose national or company, nor from which day, is
 * skipped with the reason: the ledger records states acting on states, on a date.
 */
export function fromSanction(s: Ftm, entity: Ftm | undefined, line: number): ImportRow {
  const skip = (reason: string): ImportRow => ({ kind: 'skip', line, reason: `Sanction ${s.id}: ${reason}` });
  if (!entity) return skip(`its entity ${first(s, 'entity') ?? '(none)'} is not in the file`);
  const actor = party(first(s, 'country'));
  if (!actor) return skip(`issued by ${first(s, 'country') ?? 'no country'}, not a party the ledger knows`);
  const target = party(first(entity, 'country', 'jurisdiction', 'nationality', 'citizenship'));
  if (!target) return skip(`${entity.id} has no country, jurisdiction or nationality the ledger knows`);
  if (actor === target) return skip(`issued by ${actor} on an entity of ${actor}`);
  const occurredAt = fullDate(first(s, 'startDate', 'listingDate', 'date'));
  if (!occurredAt) return skip('no full start date (startDate, listingDate or date)');
  const endDate = fullDate(first(s, 'endDate'));
  const program = first(s, 'programId', 'program');
  const authority = first(s, 'authority');
  const instrument = first(s, 'program', 'programId', 'authorityId');
  const url = https(first(s, 'programUrl', 'sourceUrl'));
  const wikidata = first(entity, 'wikidataId');
  const named = {
    name: clip(entity.caption ?? first(entity, 'name') ?? entity.id, 500),
    ids: { opensanctions: entity.id, ...(wikidata && /^Q[1-9]\d*$/.test(wikidata) && { wikidata }) },
  };
  const provisions = values(s, 'provisions').join('; ');
  const details = {
    measures: measureKinds(s, entity).map((kind) => ({
      kind,
      ...(provisions && { description: clip(provisions, 2000) }),
      entities: [named],
    })),
    ...(program && { program: clip(program, 200) }),
    ...(authority &&
      instrument && {
        legalBasis: [{ authority: clip(authority, 200), instrument: clip(instrument, 500), ...(url && { url }) }],
      }),
    ...(endDate && endDate >= occurredAt && { expiresAt: endDate }),
  };
  const source = https(first(s, 'sourceUrl'));
  const body = {
    type: 'SanctionsImposed',
    actor,
    target,
    occurredAt,
    details,
    summary: clip(
      `Imported from OpenSanctions (${s.id}): ${authority ?? actor} designates ${named.name}${program ? ` under ${program}` : ''}`,
      10_000,
    ),
    ...(source && { sources: [{ url: source, publisher: authority ? clip(authority, 200) : 'OpenSanctions' }] }),
    eventId: derivedId('opensanctions', s.id),
  };
  return { kind: 'action', line, body };
}

/**
 * The designations of a FollowTheMoney file as rows, in the file's order: one pass for the ids of the
 * entities they name, one for those entities (only those are kept in memory), one for the designations.
 * Lines of other schemata are no rows; malformed lines are.
 */
export async function* fromFollowTheMoney(lines: () => AsyncIterable<Line>): AsyncGenerator<ImportRow> {
  const named = new Set<string>();
  for await (const r of lines()) {
    if ('object' in r && isFtm(r.object) && r.object.schema === 'Sanction')
      values(r.object, 'entity').forEach((id) => named.add(id));
  }
  const entities = new Map<string, Ftm>();
  for await (const r of lines()) {
    if ('object' in r && isFtm(r.object) && named.has(r.object.id)) entities.set(r.object.id, r.object);
  }
  for await (const r of lines()) {
    if ('invalid' in r) {
      yield { kind: 'invalid', line: r.line, reason: r.invalid };
      continue;
    }
    const e = r.object;
    if (!isFtm(e)) {
      yield { kind: 'invalid', line: r.line, reason: 'not a FollowTheMoney entity (id, schema, properties)' };
      continue;
    }
    if (e.schema === 'Sanction') {
      yield fromSanction(e, entities.get(first(e, 'entity') ?? ''), r.line);
      continue;
    }
    // The nested form: the entity's own sanctions, inline.
    const inline = e.properties.sanctions;
    for (const s of Array.isArray(inline) ? inline.filter(isFtm) : []) yield fromSanction(s, e, r.line);
  }
}
