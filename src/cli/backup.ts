import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { IntegrityReport } from '../event-store/event-store.port';
import { verifyChain } from '../event-store/sqlite/verify-chain';
import { CHECKPOINT_KEY } from '../verifiable-log/signing-key';
import { describeFailure } from './integrity';

/** The event log's file in a data dir and in a backup; the read models are not copied: they are rebuilt from it. */
const EVENTS = 'events.db';
const MANIFEST = 'backup.json';
/** Pages per backup step: all of them, so the copy is one read transaction (see below). */
const ALL_PAGES = 0x7fffffff;

export interface BackupManifest {
  createdAt: string;
  from: string;
  events: number;
  head: IntegrityReport['head'];
}

/**
 * Copies the event log of a data dir with SQLite's online backup API while the service goes on writing.
 * The copy is taken in a single step, inside one read transaction: a consistent snapshot of the log at one
 * commit (a copy in several steps restarts whenever the service commits in between). It is written under
 * a temporary name, turned into a self-contained file, checked against its hash chain, and only then named
 * events.db, so an interrupted backup never looks like a complete one.
 */
export async function backup(dataDir: string, outDir: string): Promise<BackupManifest> {
  const source = join(dataDir, EVENTS);
  if (!existsSync(source)) throw new Error(`${source} does not exist: --data-dir must be the service's DATA_DIR`);
  const target = join(outDir, EVENTS);
  if (existsSync(target)) throw new Error(`${target} exists already: back up into a new directory`);
  mkdirSync(outDir, { recursive: true });
  const partial = `${target}.partial`;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  copy.pragma('journal_mode = DELETE'); // one file, no -wal beside it
  copy.close();
  const report = await verifyChain(partial);
  if (!report.ok) throw new Error(`the copy fails its integrity check: ${describeFailure(report)}`);
  durableRename(partial, target);
  copyKey(dataDir, outDir);
  const manifest = {
    createdAt: new Date().toISOString(),
    from: resolve(source),
    events: report.checked,
    head: report.head,
  };
  writeFileSync(join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Puts a backup's event log into a new, empty data dir, after checking its hash chain. The service
 * started on that dir rebuilds its read models from the log.
 */
export async function restore(fromDir: string, dataDir: string): Promise<IntegrityReport> {
  const source = join(fromDir, EVENTS);
  if (!existsSync(source)) throw new Error(`${source} does not exist: --from must be a directory made by backup`);
  mkdirSync(dataDir, { recursive: true });
  if (readdirSync(dataDir).length) throw new Error(`${dataDir} is not empty: restore into a new data directory`);
  const manifest = readManifest(fromDir);
  const report = await verifyChain(source);
  if (!report.ok) throw new Error(`the backup fails its integrity check: ${describeFailure(report)}`);
  const disagreement = disagreementWith(manifest, report);
  if (disagreement) throw new Error(`the backup disagrees with its manifest (backup.json): ${disagreement}`);
  const partial = join(dataDir, `${EVENTS}.partial`);
  copyFileSync(source, partial);
  durableRename(partial, join(dataDir, EVENTS));
  copyKey(fromDir, dataDir);
  return report;
}

/**
 * Copies the checkpoints' signing key when the data dir keeps it (CHECKPOINT_KEY_FILE may keep it elsewhere),
 * readable by its owner only: the restored log signs as the same log, so the checkpoints kept before still verify.
 */
function copyKey(fromDir: string, toDir: string) {
  const key = join(fromDir, CHECKPOINT_KEY);
  if (!existsSync(key)) return;
  const partial = join(toDir, `${CHECKPOINT_KEY}.partial`);
  copyFileSync(key, partial);
  chmodSync(partial, 0o600);
  durableRename(partial, join(toDir, CHECKPOINT_KEY));
}

function readManifest(fromDir: string): BackupManifest {
  const file = join(fromDir, MANIFEST);
  if (!existsSync(file))
    throw new Error(`${file} does not exist: without it, nothing tells whether events are missing`);
  return JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
}

/**
 * A chain that checks proves nothing about what was cut off its end: the manifest, written when the copy was
 * checked, says how far the log went and which event ended it.
 */
function disagreementWith(manifest: BackupManifest, report: IntegrityReport): string | undefined {
  const [expected, found] = [manifest.head, report.head];
  if (report.checked < manifest.events) {
    return `it holds ${report.checked} events, its manifest ${manifest.events}: the events from position ${report.checked + 1} on are missing`;
  }
  if (report.checked > manifest.events) {
    return `it holds ${report.checked} events, its manifest ${manifest.events}: the events from position ${manifest.events + 1} on were added`;
  }
  // A manifest written before the whole-log chain existed has no logHash to compare.
  const differs = (k: 'eventId' | 'hash' | 'logHash') => expected?.[k] !== undefined && found?.[k] !== expected[k];
  if (expected && (differs('eventId') || differs('hash'))) {
    return `the event at position ${expected.position} is not the one the manifest names (${expected.eventId})`;
  }
  if (expected && differs('logHash')) {
    return `the events up to position ${expected.position} were rewritten: their whole-log chain no longer ends in the manifest's`;
  }
  return undefined;
}

/** The file's content reaches the disk before its final name does, and the name before we say done. */
function durableRename(from: string, to: string) {
  const sync = (path: string, flags: string) => {
    const fd = openSync(path, flags);
    fsyncSync(fd);
    closeSync(fd);
  };
  sync(from, 'r+');
  renameSync(from, to);
  sync(resolve(to, '..'), 'r');
}
