import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { cameoDataset, fromCameoRow, isCameoHeader } from './cameo';
import { fromFollowTheMoney } from './opensanctions';
import { fromPolecatRow, isPolecatHeader } from './polecat';
import { Events, Report, Skip } from './reports';
import { fromJson, ImportRow } from './rows';

export const FORMATS = ['ndjson', 'csv', 'polecat', 'ftm'] as const;
export type Format = (typeof FORMATS)[number];

/** The format given, or the file's: `.csv`/`.tsv`/`.txt` are CSV, `.ftm.json` FollowTheMoney, the rest NDJSON. */
export const formatOf = (file: string, given?: string): Format => {
  const f = given ?? (/\.(csv|tsv|txt)$/i.test(file) ? 'csv' : /\.ftm\.json$/i.test(file) ? 'ftm' : 'ndjson');
  if (!(FORMATS as readonly string[]).includes(f))
    throw new Error(`--format must be one of ${FORMATS.join(', ')}; got ${f}`);
  return f as Format;
};

/** Each line of a JSON-lines file as an object, or why it is none. Blank lines are passed over. */
export async function* jsonLines(
  file: string,
): AsyncGenerator<{ line: number; object: Record<string, unknown> } | { line: number; invalid: string }> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      yield { line, invalid: `malformed JSON: ${(e as Error).message}` };
      continue;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) yield { line, invalid: 'not a JSON object' };
    else yield { line, object: o as Record<string, unknown> };
  }
}

async function* ndjson(file: string): AsyncGenerator<ImportRow> {
  for await (const r of jsonLines(file)) {
    yield 'invalid' in r ? { kind: 'invalid', line: r.line, reason: r.invalid } : fromJson(r.object, r.line);
  }
}

/** A JSON column (`details`, `sources`) of a Chancery CSV row. */
function jsonColumns(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '') continue;
    out[k] = k === 'details' || k === 'sources' ? JSON.parse(v) : v;
  }
  if (typeof out.sourceUrl === 'string') {
    out.sources = [{ url: out.sourceUrl, ...(out.publisher ? { publisher: out.publisher } : {}) }];
    delete out.sourceUrl;
    delete out.publisher;
  }
  return out;
}

/** Where GDELT's header-less event files keep the fields we read: 2.0 has 61 columns, 1.0 has 58. */
const GDELT_FIELDS = {
  GLOBALEVENTID: 0,
  SQLDATE: 1,
  Actor1CountryCode: 7,
  Actor1KnownGroupCode: 8,
  Actor2CountryCode: 17,
  Actor2KnownGroupCode: 18,
  EventCode: 26,
  NumMentions: 31,
};
const GDELT_POSITIONS: Record<number, Record<string, number>> = {
  61: { ...GDELT_FIELDS, SOURCEURL: 60 },
  58: { ...GDELT_FIELDS, SOURCEURL: 57 },
};

const byPosition = (fields: string[], at: Record<string, number>) =>
  Object.fromEntries(Object.entries(at).map(([name, i]) => [name, fields[i] ?? '']));

export interface ReadOptions {
  /** Coded files: drop the events mentioned fewer times in all (GDELT's NumMentions). */
  minMentions?: number;
  /** The file must be POLECAT's (`--format polecat`): another header is refused. */
  polecat?: boolean;
}

/** A coded dataset's rows: which it is, and how a row becomes a report of an event. */
type Coded = { dataset: string; report: (row: Record<string, string>, line: number) => Report | Skip };

/** The coded dataset a header names, if any. */
function codedBy(header: string[]): Coded | undefined {
  if (isPolecatHeader(header)) return { dataset: 'polecat', report: fromPolecatRow };
  if (isCameoHeader(header)) return { dataset: cameoDataset(header), report: fromCameoRow };
  return undefined;
}

/**
 * CSV or TSV: a Chancery CSV (type, actor, target, occurredAt, details…), a CAMEO-coded
 * file with a header (ICEWS, GDELT with names), GDELT's own header-less event files, or a POLECAT file.
 * The coded rows of one event are merged into one action once the file is read (`Events`): the rows that map
 * onto the catalogue are held until then, the others reported as they come.
 */
async function* csv(file: string, opts: ReadOptions): AsyncGenerator<ImportRow> {
  const parser = createReadStream(file).pipe(
    parse({
      delimiter: [',', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }),
  );
  let toRecord: ((fields: string[]) => Record<string, string>) | undefined;
  let coded: Coded | undefined;
  const events = new Events();
  for await (const { record: fields, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = info.lines;
    if (!toRecord) {
      const gdelt = GDELT_POSITIONS[fields.length];
      if (gdelt && /^\d+$/.test(fields[0]) && !opts.polecat) {
        toRecord = (f) => byPosition(f, gdelt);
        coded = { dataset: 'gdelt', report: fromCameoRow };
      } else {
        const header = fields.map((h) => h.trim());
        toRecord = (f) => Object.fromEntries(header.map((h, i) => [h, f[i] ?? '']));
        coded = codedBy(header);
        if (opts.polecat && coded?.dataset !== 'polecat') {
          yield {
            kind: 'invalid',
            line,
            reason: 'not a POLECAT file: its header has no Event Type, Actor Country and Recipient Country',
          };
          return;
        }
        continue; // the header itself is no row
      }
    }
    const record = toRecord(fields);
    if (coded) {
      const report = coded.report(record, line);
      if ('kind' in report) yield report;
      else events.add(report);
      continue;
    }
    try {
      yield fromJson(jsonColumns(record), line);
    } catch (e) {
      yield { kind: 'invalid', line, reason: `malformed JSON in a column: ${(e as Error).message}` };
    }
  }
  for (const row of events.merged(opts.minMentions))
    yield { ...row, ...(row.kind === 'action' && { dataset: coded!.dataset }) };
}

export const readRows = (file: string, format: Format, opts: ReadOptions = {}): AsyncGenerator<ImportRow> =>
  format === 'ndjson'
    ? ndjson(file)
    : format === 'ftm'
      ? fromFollowTheMoney(() => jsonLines(file))
      : csv(file, { ...opts, polecat: format === 'polecat' });

/** Counts a file's lines, for the progress bar's total, without holding the file. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}
