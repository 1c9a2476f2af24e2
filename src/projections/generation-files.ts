import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bump when the projection's rows or their meaning change: at start-up a read store of another
 * version is set aside, and a rebuild fills a new one from the log.
 * 2: actions in fold order, lifted packages kept out of snapshots' states.
 * 3: a snapshot's state is one slice per area (sanctions: the packages in force and those lifted). A new
 *    area needs no bump: a snapshot without it reads as that area untouched (`initialState(stored)`).
 * 4: sanctions packages with a status over time (expiry, renewals, suspension), measures with ids and a
 *    status, the slice's `due`.
 * 5: the relations' initial value is `unrecorded` (with `level` and `by`), not `normal`: a snapshot of a pair
 *    whose relations no action had set holds the old one.
 * 6: log_events, every event received with its place and ordinal, each id once (LogEvents): the EventStoreDB
 *    adapter's index, complete only when filled from the start of the log.
 * 7: `responses`, who answered an action (inResponseTo); each action as known carries its qualifiers.
 * 8: the sanctions periods, their entities and each package's story (`sanction_periods`, `sanction_entities`,
 *    `sanction_actions`), which GET /v1/sanctions and /v1/entities read.
 */
export const PROJECTION_VERSION = 8;

/** Which read-store file is current, and the projection version that wrote it. */
export interface Pointer {
  file: string;
  version: number;
}

const POINTER = 'read-models.json';
const GENERATION = /^read-\d+\.db(-wal|-shm)?$/;

export function readPointer(dataDir: string): Pointer | undefined {
  const path = join(dataDir, POINTER);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Pointer) : undefined;
}

/** Written to a temporary file and renamed: a crash leaves the old pointer or the new, never half of one. */
export function writePointer(dataDir: string, pointer: Pointer): void {
  const tmp = join(dataDir, `${POINTER}.tmp`);
  writeFileSync(tmp, JSON.stringify(pointer), { flush: true });
  renameSync(tmp, join(dataDir, POINTER));
}

/**
 * Deletes every generation's files but the current one's: what a crashed or finished rebuild left.
 * Off the event loop: unlinking a read store of a million events takes the file system half a second.
 */
export async function removeOtherGenerations(dataDir: string, current: string): Promise<void> {
  const others = readdirSync(dataDir).filter((f) => GENERATION.test(f) && !f.startsWith(current));
  await Promise.all(others.map((f) => rm(join(dataDir, f), { force: true })));
}

export const generationFile = (n: number) => `read-${n}.db`;
export const generationNumber = (file: string) => Number(/^read-(\d+)\.db$/.exec(file)?.[1] ?? 0);
