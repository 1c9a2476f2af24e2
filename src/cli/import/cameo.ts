import countries from 'i18n-iso-countries';
import { partyName } from '../../domain/codes';
import { derivedId, ImportRow } from './rows';

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

/** Column names of the GDELT 2.0 event table and of ICEWS, and plain ones. */
const COLUMNS = {
  actor: ['Actor1CountryCode', 'Source Country', 'actor'],
  target: ['Actor2CountryCode', 'Target Country', 'target'],
  code: ['EventCode', 'CAMEO Code', 'cameo'],
  date: ['SQLDATE', 'Event Date', 'date'],
  url: ['SOURCEURL', 'Story URL', 'url', 'source'],
};

export const isCameoHeader = (header: string[]) => COLUMNS.code.some((c) => header.includes(c));

const pick = (row: Record<string, string>, names: string[]) =>
  names.map((n) => row[n]).find((v) => v !== undefined && v !== '');

/** ISO alpha-2, GDELT's alpha-3, or an ICEWS country name, to the ledger's code. */
function party(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (partyName(v)) return v;
  return countries.alpha3ToAlpha2(v.toUpperCase()) ?? countries.getAlpha2Code(v, 'en') ?? undefined;
}

/** GDELT's YYYYMMDD or an ISO date. */
const date = (v: string | undefined) =>
  v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v;

export function fromCameoRow(row: Record<string, string>, line: number): ImportRow {
  const code = pick(row, COLUMNS.code)?.trim();
  const mapped = code && (MAPPING[code] ?? MAPPING[code.slice(0, 3)]);
  if (!mapped) return { kind: 'skip', line, reason: `CAMEO ${code ?? '(none)'} has no catalogue type` };
  const actor = party(pick(row, COLUMNS.actor));
  const target = party(pick(row, COLUMNS.target));
  if (!actor || !target) return { kind: 'skip', line, reason: 'actor or target is not a country we know' };
  if (actor === target) return { kind: 'skip', line, reason: `actor and target are both ${actor}` };
  const occurredAt = date(pick(row, COLUMNS.date));
  const url = pick(row, COLUMNS.url);
  const body: Record<string, unknown> = {
    type: mapped.type,
    actor,
    target,
    occurredAt,
    details: mapped.details,
    summary: `Imported from CAMEO ${code} (${mapped.note})`,
    ...(url && /^https?:\/\//.test(url) && { sources: [{ url }] }),
  };
  body.eventId = derivedId('cameo', actor, target, code, occurredAt, url ?? null);
  return { kind: 'action', line, body };
}
