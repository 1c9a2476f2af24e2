import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as GenerationModule from '../../src/projections/generation';
import type * as GenerationFilesModule from '../../src/projections/generation-files';
import type * as ReaderModule from '../../src/projections/relation-reader';
import type * as StoreModule from '../../src/event-store/sqlite/sqlite-event-store';

export const ROOT = join(__dirname, '..', '..');
const load = createRequire(__filename);
/** Where the build under measurement lives: dist/ itself, or the run's copy of it (snapshotBuild). */
let app = ROOT;

/** The directory holding the measured build's dist/ (and package.json, node_modules, web/ beside it). */
export const appDir = () => app;

/**
 * Copies dist/ into the run's scratch directory and measures that copy: this checkout is shared,
 * and a `nest build` elsewhere empties dist/ for a while. node_modules and web/ are linked, not copied.
 */
export async function snapshotBuild(work: string): Promise<void> {
  const main = join(ROOT, 'dist', 'main.js');
  // A build in progress: wait until dist/ has been quiet for two seconds.
  for (const deadline = Date.now() + 120_000; ;) {
    if (existsSync(main) && Date.now() - statSync(main).mtimeMs > 2_000) break;
    if (Date.now() > deadline) throw new Error(`${main} is missing: run npm run build first`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const copy = join(work, 'app');
  mkdirSync(copy, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  writeFileSync(join(copy, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'web'), join(copy, 'web'), 'dir');
  app = copy;
}

/**
 * The product code under measurement, loaded from the build with the types of src/: the service can
 * only run from the build (Nest needs the decorator metadata tsx does not emit), so the in-process
 * figures use the very same code, and read stores written by one are read by the other.
 */
export const product = () => {
  const dist = (path: string) => load(join(app, 'dist', path)) as unknown;
  return {
    SqliteEventStore: (dist('event-store/sqlite/sqlite-event-store.js') as typeof StoreModule).SqliteEventStore,
    Generation: (dist('projections/generation.js') as typeof GenerationModule).Generation,
    RelationReader: (dist('projections/relation-reader.js') as typeof ReaderModule).RelationReader,
    readPointer: (dist('projections/generation-files.js') as typeof GenerationFilesModule).readPointer,
  };
};

/** The source files changed after the last build, if any: their changes are not measured. */
export function newerThanBuild(): string[] {
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) return [];
  const built = statSync(main).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/(?<!\.spec)\.ts$/.test(entry.name) && statSync(path).mtimeMs > built) {
        newer.push(path.slice(ROOT.length + 1));
      }
    }
  };
  walk(join(ROOT, 'src'));
  return newer;
}
