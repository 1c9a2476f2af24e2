import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fromCameoRow, isCameoHeader } from './cameo';
import { fromJson, ImportRow } from './rows';

export type Format = 'ndjson' | 'csv';

export const formatOf = (file: string, given?: string): Format => {
  const f = given ?? (/\.(csv|tsv|txt)$/i.test(file) ? 'csv' : 'ndjson');
  if (f !== 'ndjson' && f !== 'csv') throw new Error(`--format must be ndjson or csv; got ${f}`);
  return f;
};

async function* ndjson(file: string): AsyncGenerator<ImportRow> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      yield { kind: 'invalid', line, reason: `malformed JSON: ${(e as Error).message}` };
      continue;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o))
      yield { kind: 'invalid', line, reason: 'not a JSON object' };
    else yield fromJson(o as Record<string, unknown>, line);
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

/** CSV or TSV: a Chancery CSV (type, actor, target, occurredAt, details…) or a CAMEO-coded event file. */
async function* csv(file: string): AsyncGenerator<ImportRow> {
  const parser = createReadStream(file).pipe(
    parse({
      columns: true,
      delimiter: [',', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }),
  );
  let cameo: boolean | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    cameo ??= isCameoHeader(Object.keys(record));
    const line = info.lines;
    if (cameo) {
      yield fromCameoRow(record, line);
      continue;
    }
    try {
      yield fromJson(jsonColumns(record), line);
    } catch (e) {
      yield { kind: 'invalid', line, reason: `malformed JSON in a column: ${(e as Error).message}` };
    }
  }
}

export const readRows = (file: string, format: Format) => (format === 'csv' ? csv(file) : ndjson(file));

/** Counts a file's lines, for the progress bar's total, without holding the file. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}
