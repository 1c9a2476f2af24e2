import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from './support/app';
import { crashLoop } from './support/crash-loop';
import { describeSqlite } from './support/sqlite-only';

/** The short loop of every test run; `npm run test:chaos` runs the long one (test/chaos/). */
describeSqlite('crash safety: SIGKILL while many clients write', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chancery-crash-'));
  afterAll(() => removeDir(dataDir));

  it('loses no acknowledged write, half-writes nothing, and its read models agree with the log after each restart', async () => {
    const figures = await crashLoop(dataDir, 3, 7);
    console.log(`crash safety: ${JSON.stringify(figures)}`);
    expect(figures.kills).toBe(3);
    expect(figures.acknowledgedEvents).toBeGreaterThan(100);
  }, 120_000);
});
