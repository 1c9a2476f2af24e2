import countries from 'i18n-iso-countries';
import { ORGANISATIONS, partyName } from '../../domain/codes';
import { eventKey, Report, Skip } from './reports';
import { derivedId } from './rows';

/**
 * CAMEO root or event codes that map onto the catalogue without guessing. Others are
 * skipped with the reason, never forced into a type that would misstate what happened.
 */
const MAPPING: Record<string, { type: string; details: Record<string, unknown>; note: string }> = {
  '163': {
    type: 'SanctionsImposed',
    details: { measures: [{ kind: 'other', description: 'CAMEO 163: impose embargo, boycott or sanctions' }] },
    note: 'impose embargo, boycott or sanctions',
  },
  '085': { type: 'SanctionsLifted', details: { kinds: ['other'] }, note: 'ease economic sanctions' },
  '046': { type: 'TalksOpened', details: { track: 'unspecified' }, note: 'engage in negotiation' },
  '164': { type: 'TalksSuspended', details: { track: 'unspecified' }, note: 'halt negotiations' },
  '161': { type: 'DiplomaticRelationsDowngraded', details: {}, note: 'reduce or break diplomatic relations' },
  '054': { type: 'DiplomaticRelationsRestored', details: {}, note: 'grant diplomatic recognition' },
  '111': { type: 'ProtestLodged', details: {}, note: 'criticize or denounce' },
};

export const CAMEO_MAPPING = MAPPING;

/**
 * CAMEO's codes of the organisations the ledger knows (GDELT's Actor1KnownGroupCode, from CAMEO.knowngroup.txt).
 * G20, BSEC, CSTO and SCO have none.
 */
const CAMEO_ORGANISATIONS: Readonly<Record<string, string>> = {
  EEC: 'EU',
  UNO: 'UN',
  NAT: 'NATO',
  GOS: 'G7',
  ASN: 'ASEAN',
  CIS: 'CIS',
  WAS: 'ECOWAS',
  GCC: 'GCC',
  ARL: 'LAS',
  OAS: 'OAS',
  OIC: 'OIC',
  SCE: 'OSCE',
  COE: 'COE',
  IAE: 'IAEA',
};

/** Our organisations by their English name, lower case: how ICEWS names an organisation actor. */
const BY_NAME = new Map(Object.entries(ORGANISATIONS).map(([code, name]) => [name.toLowerCase(), code]));

/** Column names of the GDELT 2.0 event table and of ICEWS, and plain ones. */
const COLUMNS = {
  id: ['GLOBALEVENTID', 'Event ID'],
  actor: ['Actor1CountryCode', 'Source Country', 'actor'],
  target: ['Actor2CountryCode', 'Target Country', 'target'],
  /** Where a row names an organisation actor, when its country column is empty. */
  actorGroup: ['Actor1KnownGroupCode', 'Source Name'],
  targetGroup: ['Actor2KnownGroupCode', 'Target Name'],
  code: ['EventCode', 'CAMEO Code', 'cameo'],
  date: ['SQLDATE', 'Event Date', 'date'],
  url: ['SOURCEURL', 'Story URL', 'url', 'source'],
  mentions: ['NumMentions'],
  intensity: ['Intensity'],
};

export const isCameoHeader = (header: string[]) => COLUMNS.code.some((c) => header.includes(c));

/** The dataset a CAMEO-coded file comes from, by its columns: what an import's provenance names by default. */
export const cameoDataset = (header: string[]) =>
  header.includes('GLOBALEVENTID') || header.includes('SQLDATE')
    ? 'gdelt'
    : header.includes('Source Country')
      ? 'icews'
      : 'cameo';

const pick = (row: Record<string, string>, names: string[]) =>
  names.map((n) => row[n]).find((v) => v !== undefined && v !== '');

/** ISO alpha-2, GDELT's and POLECAT's alpha-3, or an ICEWS country name, to the ledger's code. */
export function party(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (partyName(v)) return v;
  return countries.alpha3ToAlpha2(v.toUpperCase()) ?? countries.getAlpha2Code(v, 'en') ?? undefined;
}

/** A CAMEO known-group code (GDELT) or an organisation's name (ICEWS) to the ledger's organisation code. */
function organisation(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return Object.hasOwn(CAMEO_ORGANISATIONS, v) ? CAMEO_ORGANISATIONS[v] : BY_NAME.get(v.toLowerCase());
}

/** GDELT's YYYYMMDD or an ISO date. */
const date = (v: string | undefined) =>
  v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v;

/** A CAMEO-coded row as a report of an event, or why it is skipped. */
export function fromCameoRow(row: Record<string, string>, line: number): Report | Skip {
  const code = pick(row, COLUMNS.code)?.trim();
  const base = code && (MAPPING[code] ? code : MAPPING[code.slice(0, 3)] ? code.slice(0, 3) : undefined);
  if (!base) return { kind: 'skip', line, reason: `CAMEO ${code ?? '(none)'} has no catalogue type` };
  const mapped = MAPPING[base];
  const actor = party(pick(row, COLUMNS.actor)) ?? organisation(pick(row, COLUMNS.actorGroup));
  const target = party(pick(row, COLUMNS.target)) ?? organisation(pick(row, COLUMNS.targetGroup));
  if (!actor || !target)
    return { kind: 'skip', line, reason: 'actor or target is not a country or organisation we know' };
  if (actor === target) return { kind: 'skip', line, reason: `actor and target are both ${actor}` };
  const occurredAt = date(pick(row, COLUMNS.date));
  const url = pick(row, COLUMNS.url);
  const [mentions, intensity] = [COLUMNS.mentions, COLUMNS.intensity].map((c) => Number(pick(row, c) ?? NaN));
  const day = occurredAt?.slice(0, 10);
  return {
    line,
    key: eventKey(actor, target, base, day),
    row: pick(row, COLUMNS.id) ?? String(line),
    url: url && /^https?:\/\//.test(url) ? url : undefined,
    ...(Number.isFinite(mentions) && { mentions }),
    // ICEWS's intensity qualifies the action: kept in its summary, the catalogue having no field for it.
    ...(Number.isFinite(intensity) && { qualifier: `ICEWS intensity ${intensity}` }),
    body: {
      type: mapped.type,
      actor,
      target,
      occurredAt,
      details: mapped.details,
      summary: `Imported from CAMEO ${base} (${mapped.note})`,
      eventId: derivedId('cameo', eventKey(actor, target, base, day)),
    },
  };
}
