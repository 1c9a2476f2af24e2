import { basename } from 'node:path';
import { Api } from '../api';
import { Format, readRows } from './read-rows';
import { ImportRow } from './rows';

export interface ImportReport {
  file: string;
  rows: number;
  recorded: number;
  alreadyThere: number;
  /** Rows merged into another row's action: more reports of one event (GDELT's duplicate rows). */
  merged: number;
  /** Rows with nothing for the ledger (CAMEO codes without a catalogue type…). */
  skipped: { line: number; reason: string }[];
  /** Rows the ledger refused, or malformed ones. */
  rejected: { line: number; reason: string }[];
  /** The line the import stopped at, with --on-error stop. */
  stoppedAt?: number;
}

export interface ImportOptions {
  format: Format;
  onError: 'skip' | 'stop';
  batchSize?: number;
  onRow?: (line: number) => void;
  /** The dataset the actions' provenance names (default: the file's, by its columns: `gdelt`, `icews`…, or `chancery`). */
  dataset?: string;
  /** CAMEO-coded files: drop the events mentioned fewer times in all (GDELT's NumMentions). */
  minMentions?: number;
}

class Stop extends Error {}

const SEEN = 'the same event (actor, target, type and day) is already recorded from other rows: that recording stands';

type ActionRow = Extract<ImportRow, { kind: 'action' }>;

/**
 * Imports a file through the HTTP API. Actions go in batches (each all or nothing, so no
 * action is ever half-written); a batch the service refuses for one row loses that row
 * and is sent again. Retractions and corrections follow in file order.
 */
export async function importFile(api: Api, file: string, opts: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { file, rows: 0, recorded: 0, alreadyThere: 0, merged: 0, skipped: [], rejected: [] };
  let head = await api.head();
  const pending: ActionRow[] = [];
  const name = basename(file);
  /** Where an action came from, unless its row says (an exported action keeps its own). */
  const withProvenance = ({ body, dataset, rows, line }: ActionRow) =>
    body.provenance === undefined
      ? {
          ...body,
          provenance: { dataset: opts.dataset ?? dataset ?? 'chancery', file: name, rows: rows ?? [String(line)] },
        }
      : body;

  const reject = (line: number, reason: string) => {
    report.rejected.push({ line, reason });
    if (opts.onError === 'stop') {
      report.stoppedAt = line;
      throw new Stop();
    }
  };

  /** Sends the pending actions; with --on-error stop, the rows before a refused one still go in. */
  const flush = async () => {
    let refused: { line: number; reason: string } | undefined;
    while (pending.length) {
      const a = await api.call<{ events: { position: number }[] }>('POST', '/v1/events/batch', {
        events: pending.map(withProvenance),
      });
      if (a.status < 300) {
        // Positions past the head before this batch are new; the others were there already.
        const positions = a.body.events!.map((e) => e.position);
        const fresh = positions.filter((p) => p > head).length;
        report.recorded += fresh;
        report.alreadyThere += positions.length - fresh;
        head = Math.max(head, ...positions);
        pending.length = 0;
        break;
      }
      const message = a.body.message ?? String(a.status);
      const index = /^events\[(\d+)\]\./.exec(message)?.[1];
      if (index === undefined) throw new Error(`the service refused a batch: ${a.status} ${message}`);
      const [bad] = pending.splice(Number(index), 1);
      const reason = message.replace(/^events\[\d+\]\./, '').split(/; events\[\d+\]/)[0];
      // A coded event's id is the event's (actor, target, type, day): recorded from another file, it is there.
      if (a.status === 409 && bad.dataset && reason.startsWith('eventId'))
        report.skipped.push({ line: bad.line, reason: SEEN });
      else if (opts.onError === 'skip') report.rejected.push({ line: bad.line, reason });
      else {
        pending.splice(Number(index)); // rows after the refused one are not imported
        refused ??= { line: bad.line, reason };
      }
    }
    if (refused) reject(refused.line, refused.reason);
  };

  const amend = async (row: Exclude<ImportRow, ActionRow | { kind: 'skip' | 'invalid' }>) => {
    await flush();
    const a = await api.call('POST', `/v1/events/${row.target}/${row.kind}`, row.body);
    if (a.status === 201) report.recorded++;
    else if (a.status === 200) report.alreadyThere++;
    else reject(row.line, `${row.kind} of ${row.target}: ${a.body.message ?? a.status}`);
  };

  try {
    for await (const row of readRows(file, opts.format, { minMentions: opts.minMentions })) {
      const merged = row.kind === 'action' && row.rows ? row.rows.length - 1 : 0;
      report.rows += 1 + merged;
      report.merged += merged;
      opts.onRow?.(row.line);
      if (row.kind === 'skip') report.skipped.push({ line: row.line, reason: row.reason });
      else if (row.kind === 'invalid') {
        if (opts.onError === 'stop') await flush(); // what came before the bad line goes in
        reject(row.line, row.reason);
      } else if (row.kind === 'action') {
        pending.push(row);
        if (pending.length >= (opts.batchSize ?? 1000)) await flush();
      } else await amend(row);
    }
    await flush();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return report;
}
