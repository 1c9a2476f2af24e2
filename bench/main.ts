/**
 * The benchmark harness of issue 6: every figure beside its reference from the same run, as a ratio.
 *
 *   npm run bench -- --quick               # everything scaled down: under a minute
 *   npm run bench                          # the full run (1,000,000-event log): several minutes
 *   npm run bench -- --only 1,7 --markdown out.md --json out.json
 *   npm run bench -- --only 8 --esdb-logs 250000,500000   # section 8 on other log sizes
 *   npm run bench -- --only 8 --esdb-stores sqlite          # section 8 on one of its stores
 *   npm run bench -- --keep                # leave the generated logs and data dirs in the temp dir
 *   BENCH_PROFILE=/tmp/prof npm run bench  # each service started writes a CPU profile there
 *
 * Measures the build (dist/): run `npm run build` first. Not a test: nothing here fails on a figure.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Context, Size, SIZES } from './config';
import { newerThanBuild, snapshotBuild } from './lib/product';
import { Report } from './lib/report';
import { machineLoad, now } from './lib/stats';
import { appends } from './sections/appends';
import { bulkImport } from './sections/bulk-import';
import { eventStoreDb } from './sections/eventstoredb';
import { history } from './sections/history';
import { http } from './sections/http';
import { peer } from './sections/peer';

const SECTIONS: [string[], string, (ctx: Context) => Promise<void>][] = [
  [['1'], 'durable single appends: store port vs raw better-sqlite3', appends],
  [['7'], 'the peer: Emmett SQLite vs the store port', peer],
  [['2'], 'HTTP appends (autocannon) vs dry run and raw', http],
  [['3'], 'bulk import vs raw one-transaction inserts', bulkImport],
  [
    ['4', '5', '6', '9', '10'],
    'rebuild, as-of queries, memory, start-up, the panel and the search across pairs on generated logs',
    history,
  ],
  [['8'], 'EventStoreDB (strict emulator) and SQLite: restart and memory as the log grows', eventStoreDb],
];

/** The commit measured, and whether the working tree differed from it (read only). */
function revision(): string {
  try {
    return execSync('git describe --always --dirty', { cwd: __dirname, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function main() {
  const base = SIZES[process.argv.includes('--quick') ? 'quick' : 'full'];
  // --esdb-logs 250000,500000: section 8's two logs (the restart's, the memory figure's) instead of the size's.
  const [restartLog = base.restartLog, memoryLog = base.memoryLog] =
    option('--esdb-logs')?.split(',').map(Number) ?? [];
  const stores = (option('--esdb-stores')?.split(',') as Size['stores'] | undefined) ?? base.stores;
  const size = { ...base, restartLog, memoryLog, stores };
  const only = option('--only')?.split(',');
  const report = new Report();
  const work = mkdtempSync(join(tmpdir(), 'chancery-bench-'));
  const ctx: Context = { size, report, work, measured: {} };
  const started = now();

  const header = [
    `Chancery benchmark, ${size.name} run, ${new Date().toISOString()}`,
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}`,
    `code: ${revision()}; data in ${work}; ${machineLoad()} at start`,
  ];
  const stale = newerThanBuild();
  if (stale.length)
    header.push(
      `WARNING: ${stale.length} source files are newer than dist/ (${stale.slice(0, 3).join(', ')}…): npm run build`,
    );
  console.log(header.join('\n'));
  await snapshotBuild(work);

  try {
    for (const [ids, title, run] of SECTIONS) {
      if (only && !ids.some((id) => only.includes(id))) continue;
      console.log(`\n(${ids.join(', ')}) ${title} — ${machineLoad()}`);
      const t = now();
      await run(ctx);
      console.log(`  (${((now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }

  const footer = `${machineLoad()} at the end; ${((now() - started) / 1000).toFixed(1)} s in all`;
  const markdown = [...header, '', report.markdown(), '', ...report.notes.map((n) => `- ${n}`), '', footer].join('\n');
  console.log(`\n${markdown}`);
  const md = option('--markdown');
  if (md) writeFileSync(md, markdown + '\n');
  const out = option('--json');
  if (out) writeFileSync(out, JSON.stringify({ header, rows: report.rows, notes: report.notes, footer }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
