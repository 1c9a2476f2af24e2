import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startedRebuild } from './rebuild';
import { WorkerRefill } from './worker-refill';

describe('WorkerRefill: a rebuild filled on a worker thread', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'chancery-refill-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills, finishes and hands over an empty generation, reporting its progress here', async () => {
    const progress = startedRebuild('test');
    const refill = new WorkerRefill(
      { readAll: () => Promise.resolve([]), headPosition: () => Promise.resolve(0) },
      join(dir, 'read-2.db'),
      progress,
    );
    await refill.fill();
    expect(progress.phase).toBe('indexing');
    const next = await refill.finish();
    expect(progress.phase).toBe('swapping');
    expect(next.checkpoint).toBe(0);
    next.close();
  }, 30_000);

  it("fails the fill with the store's own error when reading the log fails", async () => {
    const refill = new WorkerRefill(
      { readAll: () => Promise.reject(new Error('the disk is gone')), headPosition: () => Promise.resolve(10) },
      join(dir, 'read-2.db'),
      startedRebuild('test'),
    );
    await expect(refill.fill()).rejects.toThrow('the disk is gone');
    await refill.stop();
  }, 30_000);

  it('fails a step when the worker is stopped under it', async () => {
    let release: () => void = () => undefined;
    const refill = new WorkerRefill(
      {
        readAll: () => new Promise((resolve) => (release = () => resolve([]))),
        headPosition: () => Promise.resolve(10),
      },
      join(dir, 'read-2.db'),
      startedRebuild('test'),
    );
    const filling = refill.fill();
    await new Promise((r) => setTimeout(r, 200));
    await refill.stop();
    release();
    await expect(filling).rejects.toThrow(/worker stopped/);
  }, 30_000);
});
