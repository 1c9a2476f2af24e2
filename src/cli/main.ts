#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET } from '../domain/events';
import { Api } from './api';
import { backup, restore } from './backup';
import { verifyCheckpoint } from './checkpoint';
import { exportLog } from './export';
import { importFile, ImportOptions } from './import/importer';
import { describeIntegrity, integrity } from './integrity';
import { countLines, formatOf, FORMATS } from './import/read-rows';
import { panel } from './panel';
import { progressBar, tick } from './progress';
import { rebuild } from './rebuild';
import { retractSource } from './retract';
import { verify } from './verify';

const program = new Command('chancery')
  .description(
    'Chancery command-line tool: export, import, rebuild and verify the ledger of a running service; back up and restore a data dir',
  )
  .addOption(new Option('--url <url>', 'the service').env('CHANCERY_URL').default('http://localhost:3000'))
  .addOption(new Option('--token <token>', 'a writer or admin token from API_TOKENS').env('CHANCERY_TOKEN'))
  .version(
    (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version,
  )
  .showHelpAfterError();

const api = () => {
  const { url, token } = program.opts<{ url: string; token?: string }>();
  return new Api(url.replace(/\/$/, ''), token);
};

const dataset = (v: string) => {
  if (!DATASET.test(v))
    throw new InvalidArgumentError('letters, digits, ".", "_" or "-", starting with a letter or digit');
  return v;
};

type ImportCommandOptions = Pick<ImportOptions, 'onError' | 'dataset' | 'minMentions'> & {
  format?: string;
  report?: string;
};

const nonNegative = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a non-negative integer');
  return Number(v);
};

program
  .command('export')
  .description('stream the whole log as NDJSON, one event a line, in log order')
  .option('-o, --out <file>', 'write to a file instead of stdout')
  .option('--after <position>', 'start after this log position', nonNegative, 0)
  .action(async (o: { out?: string; after: number }) => {
    const n = await exportLog(api(), o.out, o.after);
    console.error(`exported ${n} events${o.out ? ` to ${o.out}` : ''}`);
  });

program
  .command('import <file>')
  .description(
    'record the actions of an NDJSON or CSV file (Chancery export, action bodies, CAMEO-coded GDELT/ICEWS rows, or POLECAT), ' +
      'or the sanctions of a FollowTheMoney file (OpenSanctions, .ftm.json)',
  )
  .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices(FORMATS))
  .addOption(new Option('--on-error <mode>', 'on a malformed or refused row').choices(['skip', 'stop']).default('skip'))
  .option('--report <file>', 'write the full report (every skipped or refused line) as JSON')
  .option(
    '--dataset <name>',
    "the dataset the actions' provenance names (default: gdelt, icews… by the columns)",
    dataset,
  )
  .option(
    '--min-mentions <n>',
    "CAMEO-coded files: skip events mentioned fewer times (GDELT's NumMentions)",
    nonNegative,
  )
  .action(async (file: string, o: ImportCommandOptions) => {
    const { format: given, report, ...opts } = o;
    const format = formatOf(file, given);
    const bar = progressBar('lines');
    const started = Date.now();
    bar.start(await countLines(file), 0, { rate: 0 });
    const r = await importFile(api(), file, { ...opts, format, onRow: (line) => tick(bar, line, started) });
    bar.stop();
    console.log(
      `${file}: ${r.rows} rows, ${r.recorded} recorded, ${r.alreadyThere} already there, ` +
        `${r.skipped.length} skipped, ${r.rejected.length} refused${r.stoppedAt ? `; stopped at line ${r.stoppedAt}` : ''}` +
        (r.merged ? `; ${r.merged} rows merged into the action of another row of their event` : ''),
    );
    for (const s of [...r.rejected, ...r.skipped].slice(0, 20)) console.log(`  line ${s.line}: ${s.reason}`);
    if (r.rejected.length + r.skipped.length > 20) console.log('  … (--report <file> lists them all)');
    if (report) writeFileSync(report, JSON.stringify(r, null, 2));
    if (r.rejected.length) process.exitCode = 1;
  });

program
  .command('retract')
  .description(
    'retract every action imported from a dataset or one file of it, one retraction each (again: nothing new)',
  )
  .requiredOption(
    '--source <source>',
    'a dataset (gdelt) or one file of it (gdelt:20220321.export.CSV), as GET /v1/events?source=',
  )
  .option('--reason <text>', 'the reason each retraction gives', 'imported in error')
  .action(async (o: { source: string; reason: string }) => {
    const r = await retractSource(api(), o.source, o.reason);
    console.log(
      `${o.source}: ${r.actions} actions, ${r.retracted} retracted now, ${r.alreadyRetracted} retracted already`,
    );
  });

program
  .command('panel')
  .description('a dyad-period panel (one row per pair and period) streamed to a file or stdout: docs/PANEL.md')
  .requiredOption('--from <date>', 'the first period holds this date')
  .requiredOption('--to <date>', 'the last period holds this date')
  .addOption(new Option('--granularity <period>', 'calendar periods').choices(['month', 'quarter', 'year']))
  .option('--parties <codes>', 'the pairs involving any of these parties, comma-separated (RU,JP)')
  .option('--pairs <pairs>', 'these pairs, comma-separated (JP-RU,QA-SA)')
  .option('--known-at <time>', 'the panel as the ledger knew it then')
  .addOption(new Option('--format <format>', 'output format').choices(['csv', 'ndjson', 'json']).default('csv'))
  .option('-o, --out <file>', 'write to a file instead of stdout')
  .action(async (o: Omit<Parameters<typeof panel>[1], 'knownAt'> & { knownAt?: string; out?: string }) => {
    const { out, ...opts } = o;
    const r = await panel(api(), opts, out);
    console.error(`${r.rows} rows${out ? ` to ${out}` : ''}, as known at ${r.knownAt}`);
  });

program
  .command('rebuild')
  .description('rebuild the read models from the log while the service keeps answering (admin)')
  .action(async () => {
    const p = await rebuild(api());
    console.error(`rebuild ${p.id}: ${p.processed} events replayed and swapped in`);
  });

program
  .command('checkpoint')
  .description(
    "the log's signed checkpoint now (Merkle tree root, Ed25519): keep it, publish it, verify against it later",
  )
  .option('-o, --out <file>', 'write to a file instead of stdout')
  .action(async (o: { out?: string }) => {
    const text = `${JSON.stringify(await api().ok('GET', '/v1/log/checkpoint'), null, 2)}\n`;
    if (o.out) writeFileSync(o.out, text);
    else process.stdout.write(text);
  });

program
  .command('verify')
  .description(
    'fold the whole log from scratch and compare every pair with the read models; or, with --checkpoint, check ' +
      'that the log holds, unchanged, what a kept checkpoint covers, and was only appended to since',
  )
  .option('--dates <n>', 'dates checked per pair', nonNegative, 12)
  .option('--checkpoint <file>', 'a checkpoint kept from `chancery checkpoint`')
  .option('--key <verifier>', "the log's verifier key, as published (default: the one in the checkpoint file)")
  .action(async (o: { dates: number; checkpoint?: string; key?: string }) => {
    if (o.checkpoint) {
      const c = await verifyCheckpoint(api(), o.checkpoint, o.key);
      for (const finding of c.findings) console.log(`DIVERGES ${finding}`);
      console.log(
        c.ok
          ? `${c.checked} events: the log holds what the checkpoint covers, unchanged, and was only appended to since`
          : `${c.checked} events checked: the log does not match the checkpoint`,
      );
      if (!c.ok) process.exitCode = 1;
      return;
    }
    const r = await verify(api(), Math.max(2, o.dates));
    for (const d of r.differences.slice(0, 50)) {
      console.log(`DIFFERENT ${d.pair} asOf=${d.asOf} knownAt=${d.knownAt}: ${d.fields.join(', ')}`);
    }
    console.log(`${r.events} events, ${r.pairs} pairs, ${r.checks} checks, ${r.differences.length} differences`);
    if (r.differences.length) process.exitCode = 1;
  });

program
  .command('integrity')
  .description(
    "recompute the log's hash chain and name the first event changed behind the service's back: through the " +
      "service's admin endpoint, or with --data-dir straight on a data dir's or a backup's file",
  )
  .option('--data-dir <dir>', 'check this data dir or backup directory instead of asking the service')
  .action(async (o: { dataDir?: string }) => {
    const report = await integrity(api(), o.dataDir);
    for (const line of describeIntegrity(report)) console.log(line);
    if (!report.ok) process.exitCode = 1;
  });

program
  .command('backup')
  .description(
    'copy the event log of a data dir while the service goes on writing (SQLite online backup), then check the copy',
  )
  .requiredOption('--data-dir <dir>', "the service's DATA_DIR")
  .requiredOption('-o, --out <dir>', 'a new directory for the backup')
  .action(async (o: { dataDir: string; out: string }) => {
    const m = await backup(o.dataDir, o.out);
    console.log(
      `backed up ${m.events} events to ${o.out} (head at position ${m.head?.position ?? 0}); the hash chain checks`,
    );
  });

program
  .command('restore')
  .description(
    'put a backup into a new, empty data dir; the service started on it rebuilds its read models from the log',
  )
  .requiredOption('--from <dir>', 'a directory made by backup')
  .requiredOption('--data-dir <dir>', 'the new data dir')
  .action(async (o: { from: string; dataDir: string }) => {
    const r = await restore(o.from, o.dataDir);
    console.log(`restored ${r.checked} events into ${o.dataDir}; start the service with DATA_DIR=${o.dataDir}`);
  });

program.parseAsync().catch((e: unknown) => {
  console.error(`chancery: ${(e as Error).message}`);
  process.exit(2);
});
