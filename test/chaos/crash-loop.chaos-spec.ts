import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../support/app';
import { crashLoop } from '../support/crash-loop';

const KILLS = Number(process.env.CHAOS_KILLS ?? 25);
const SEED = Number(process.env.CHAOS_SEED ?? 1);

describe(`crash loop: ${KILLS} SIGKILLs while 12 clients write at full speed (CHAOS_SEED=${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chancery-chaos-'));
  afterAll(() => removeDir(dataDir));

  it('after every restart: each acknowledged write once and whole, batches all or nothing, read models = a pure fold', async () => {
    const figures = await crashLoop(dataDir, KILLS, SEED);
    console.log(`crash loop (CHAOS_SEED=${SEED}): ${JSON.stringify(figures)}`);
    expect(figures.kills).toBe(KILLS);
    expect(figures.acknowledgedEvents).toBeGreaterThan(KILLS * 50);
  });
});
