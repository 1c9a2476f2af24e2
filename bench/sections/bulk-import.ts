import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context, logShape } from '../config';
import { actionBodies, generateLog } from '../lib/data';
import { openRaw } from '../lib/raw';
import { ratioAtLeast } from '../lib/report';
import { appDir } from '../lib/product';
import { json, startService } from '../lib/service';
import { now } from '../lib/stats';

/** The raw reference commits this many events per transaction (the probe did 20,000). */
const RAW_TRANSACTION = 20_000;

/**
 * (3) Bulk import through POST /v1/events/batch and through `chancery import` (the CLI, its own
 * process), vs raw better-sqlite3 inserting as many events in large transactions.
 */
export async function bulkImport(ctx: Context): Promise<void> {
  const { report, size } = ctx;
  const n = size.importEvents;
  const batch = size.name === 'quick' ? 500 : 10_000;

  const rawEvents = [...generateLog(logShape(n, 5))];
  const raw = openRaw(join(ctx.work, 'raw-bulk.db'));
  const rawStart = now();
  for (let i = 0; i < rawEvents.length; i += RAW_TRANSACTION) raw.appendMany(rawEvents.slice(i, i + RAW_TRANSACTION));
  const rawRate = (n * 1000) / (now() - rawStart);
  raw.close();

  const bodies = actionBodies(2 * n, 11);
  const service = await startService(join(ctx.work, 'import'));
  try {
    const start = now();
    for (let i = 0; i < n; i += batch)
      await json('POST', `${service.url}/v1/events/batch`, { events: bodies.slice(i, i + batch) });
    const batchRate = (n * 1000) / (now() - start);
    const reference = { name: `raw inserts, ${RAW_TRANSACTION.toLocaleString('en-US')}/tx`, value: rawRate };
    report.add(
      '3',
      `batch endpoint, ${batch.toLocaleString('en-US')}/request`,
      batchRate,
      'events/s',
      reference,
      ratioAtLeast(0.5),
    );

    const file = join(ctx.work, 'import.ndjson');
    writeFileSync(
      file,
      bodies
        .slice(n)
        .map((b) => JSON.stringify(b))
        .join('\n') + '\n',
    );
    const cliStart = now();
    const cli = spawnSync(
      process.execPath,
      [join(appDir(), 'dist', 'cli', 'main.js'), '--url', service.url, 'import', file],
      {
        encoding: 'utf8',
      },
    );
    const cliRate = (n * 1000) / (now() - cliStart);
    if (cli.status !== 0) throw new Error(`chancery import failed: ${cli.stderr}${cli.stdout}`);
    report.add('3', 'CLI import (NDJSON, 1,000/batch)', cliRate, 'events/s', reference, ratioAtLeast(0.3));
    report.note(`chancery import: ${cli.stdout.trim().split('\n').pop()}`);
  } finally {
    await service.stop();
  }
}
