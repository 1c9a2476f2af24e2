import { MAX_PROVENANCE_ROWS } from '../../domain/events';
import { ImportRow } from './rows';

/**
 * One row of a coded event dataset (GDELT, ICEWS, POLECAT) that maps onto the catalogue: one report of an
 * event, before the reports of the same event are merged into one action.
 */
export interface Report {
  line: number;
  /** The event it reports: the same actor, target, catalogue type or code, and day (`eventKey`). */
  key: string;
  /** The dataset's row id (GDELT's GLOBALEVENTID, ICEWS's and POLECAT's Event ID), or the line number. */
  row: string;
  body: Record<string, unknown>;
  url?: string;
  /** GDELT's NumMentions, where the file has it. */
  mentions?: number;
  /** What qualifies the action and the catalogue has no field for (`ICEWS intensity -7`): added to its summary. */
  qualifier?: string;
}

export type Skip = Extract<ImportRow, { kind: 'skip' }>;

export const eventKey = (actor: string, target: string, code: string, day: string | undefined) =>
  JSON.stringify([actor, target, code, day]);

/** The most sources an action takes. */
const MAX_SOURCES = 100;

/**
 * The reports of one event (GDELT records an event once per article) as one action whose sources list every
 * article, up to the 100 an action takes; its provenance names every row. With `minMentions`, an event
 * mentioned fewer times in all (GDELT's NumMentions, summed) is skipped, line by line.
 */
export function mergeReports(reports: Report[], minMentions = 0): ImportRow[] {
  const mentions = reports.reduce((sum, r) => sum + (r.mentions ?? 0), 0);
  if (mentions < minMentions) {
    const reason = `mentioned ${mentions} times in all (${reports.length} rows), under --min-mentions ${minMentions}`;
    return reports.map((r) => ({ kind: 'skip', line: r.line, reason }));
  }
  const urls = [...new Set(reports.flatMap((r) => r.url ?? []))].slice(0, MAX_SOURCES);
  const qualifiers = [...new Set(reports.flatMap((r) => r.qualifier ?? []))];
  const [first] = reports;
  const summary = [first.body.summary as string, ...qualifiers].join('; ');
  return [
    {
      kind: 'action',
      line: first.line,
      rows: reports.slice(0, MAX_PROVENANCE_ROWS).map((r) => r.row),
      body: { ...first.body, summary, ...(urls.length && { sources: urls.map((url) => ({ url })) }) },
    },
  ];
}

/** Holds a file's reports by event until it is read through, then gives each event's action. */
export class Events {
  private readonly byKey = new Map<string, Report[]>();

  add(report: Report): void {
    const same = this.byKey.get(report.key);
    if (same) same.push(report);
    else this.byKey.set(report.key, [report]);
  }

  *merged(minMentions?: number): Generator<ImportRow> {
    for (const reports of this.byKey.values()) yield* mergeReports(reports, minMentions);
  }
}
