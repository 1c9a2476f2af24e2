import countries from 'i18n-iso-countries';
import { partyName } from '../../domain/codes';
import { MAX_PROVENANCE_ROWS } from '../../domain/events';
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
  id: ['GLOBALEVENTID', 'Event ID'],
  actor: ['Actor1CountryCode', 'Source Country', 'actor'],
  target: ['Actor2CountryCode', 'Target Country', 'target'],
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

/** One CAMEO-coded row that maps onto the catalogue: one report of an event, before its duplicates are merged. */
export interface CameoReport {
  line: number;
  /** The event it reports: the same actor, target, catalogue code and day. */
  key: string;
  /** The dataset's row id (GDELT's GLOBALEVENTID, ICEWS's Event ID), or the line number. */
  row: string;
  body: Record<string, unknown>;
  url?: string;
  /** GDELT's NumMentions, where the file has it. */
  mentions?: number;
  /** ICEWS's Intensity (-10 to 10), where the file has it. */
  intensity?: number;
}

export function fromCameoRow(
  row: Record<string, string>,
  line: number,
): CameoReport | Extract<ImportRow, { kind: 'skip' }> {
  const code = pick(row, COLUMNS.code)?.trim();
  const base = code && (MAPPING[code] ? code : MAPPING[code.slice(0, 3)] ? code.slice(0, 3) : undefined);
  if (!base) return { kind: 'skip', line, reason: `CAMEO ${code ?? '(none)'} has no catalogue type` };
  const mapped = MAPPING[base];
  const actor = party(pick(row, COLUMNS.actor));
  const target = party(pick(row, COLUMNS.target));
  if (!actor || !target) return { kind: 'skip', line, reason: 'actor or target is not a country we know' };
  if (actor === target) return { kind: 'skip', line, reason: `actor and target are both ${actor}` };
  const occurredAt = date(pick(row, COLUMNS.date));
  const url = pick(row, COLUMNS.url);
  const [mentions, intensity] = [COLUMNS.mentions, COLUMNS.intensity].map((c) => Number(pick(row, c) ?? NaN));
  const day = occurredAt?.slice(0, 10);
  return {
    line,
    key: JSON.stringify([actor, target, base, day]),
    row: pick(row, COLUMNS.id) ?? String(line),
    url: url && /^https?:\/\//.test(url) ? url : undefined,
    ...(Number.isFinite(mentions) && { mentions }),
    ...(Number.isFinite(intensity) && { intensity }),
    body: {
      type: mapped.type,
      actor,
      target,
      occurredAt,
      details: mapped.details,
      summary: `Imported from CAMEO ${base} (${mapped.note})`,
      eventId: derivedId('cameo', actor, target, base, day),
    },
  };
}

/**
 * The reports of one event (same actor, target, catalogue code and day: GDELT records an event once per article)
 * as one action whose sources list every article, up to the 100 an action takes; its provenance names every row.
 * With `minMentions`, an event mentioned fewer times in all (GDELT's NumMentions, summed) is skipped, line by line.
 */
export function mergeReports(reports: CameoReport[], minMentions = 0): ImportRow[] {
  const mentions = reports.reduce((sum, r) => sum + (r.mentions ?? 0), 0);
  if (mentions < minMentions) {
    const reason = `mentioned ${mentions} times in all (${reports.length} rows), under --min-mentions ${minMentions}`;
    return reports.map((r) => ({ kind: 'skip', line: r.line, reason }));
  }
  const urls = [...new Set(reports.flatMap((r) => r.url ?? []))].slice(0, 100);
  const intensities = [...new Set(reports.flatMap((r) => r.intensity ?? []))];
  const [first] = reports;
  // ICEWS's intensity qualifies the action: kept in its summary, the catalogue having no field for it.
  const summary = `${first.body.summary as string}${intensities.length ? `; ICEWS intensity ${intensities.join(', ')}` : ''}`;
  return [
    {
      kind: 'action',
      line: first.line,
      rows: reports.slice(0, MAX_PROVENANCE_ROWS).map((r) => r.row),
      body: { ...first.body, summary, ...(urls.length && { sources: urls.map((url) => ({ url })) }) },
    },
  ];
}
