import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventRecord } from '../src/event-store/event-record';
import { removeDir, RunningApp, startApp } from './support/app';
import { chancery } from './support/cli';
import { expectStatus, record, sleep } from './support/ledger';
import { randomActions } from './support/random-history';
import { describeSqlite } from './support/sqlite-only';
import { rewrite, truncate } from './support/tamper';

const backdate = (row: EventRecord): EventRecord => ({
  ...row,
  data: JSON.stringify({ ...JSON.parse(row.data), occurredAt: '1999-01-01' }),
});

describeSqlite(
  'tamper evidence against a kept checkpoint: each rewrite detected, naming the first bad position',
  () => {
    const tmp = mkdtempSync(join(tmpdir(), 'chancery-tamper-'));
    let h: RunningApp;
    const kept = join(tmp, 'kept.json');
    let log: { position: number; eventId: string; pair: string[] }[];

    const integrity = () => chancery('integrity', '--data-dir', h.dataDir);
    const verify = () => chancery('--url', h.url, 'verify', '--checkpoint', kept);

    beforeEach(async () => {
      h = await startApp();
      for (const body of randomActions(40, 3)) await record(h, body);
      expect((await chancery('--url', h.url, 'checkpoint', '-o', kept)).code).toBe(0);
      for (const body of randomActions(10, 4)) await record(h, body);
      log = expectStatus(await h.call('GET', '/v1/events?limit=1000'), 200).body.events;
      expect(log).toHaveLength(50);
      expect(await verify()).toMatchObject({ code: 0, stdout: expect.stringContaining('only appended to since') });
    }, 60_000);

    afterEach(async () => {
      await h.close();
      removeDir(h.dataDir);
    });
    afterAll(() => removeDir(tmp));

    it('one event rewritten with every hash recomputed: the file checks, the kept checkpoint names it', async () => {
      const victim = log[16];
      rewrite(join(h.dataDir, 'events.db'), (row) => (row.position === victim.position ? backdate(row) : undefined));
      expect((await integrity()).code).toBe(0);
      const r = await verify();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`DIVERGES the event at position ${victim.position} (leaf 17, ${victim.eventId})`);
      expect(r.stdout).toMatch(/the first 40 events no longer hash to the checkpoint's root/);
    });

    it("a whole pair rewritten with its chain recomputed: named by the file's whole-log chain and by the checkpoint (once passed)", async () => {
      const pair = log[5].pair.join('-');
      const first = log.find((e) => e.pair.join('-') === pair)!;
      rewrite(
        join(h.dataDir, 'events.db'),
        (row) => (row.stream === `pair-${pair}` ? backdate(row) : undefined),
        false,
      );
      const file = await integrity();
      expect(file.code).toBe(1);
      expect(file.stdout).toContain(`TAMPERED first bad event at position ${first.position} (${first.eventId}`);
      const r = await verify();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`DIVERGES the event at position ${first.position} `);
    });

    it('the tail truncated: the file checks, the kept checkpoint names the first missing event, before and after a restart', async () => {
      truncate(join(h.dataDir, 'events.db'), 30);
      expect((await integrity()).code).toBe(0);
      const r = await verify();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('DIVERGES the log ends after 30 events; the checkpoint covers 40');
      expect(r.stdout).toContain('from leaf 31 on (position 31 on the embedded store) are missing');
      // Restarted, the service sees its tree's last leaf gone from the log, and signs nothing more.
      const dataDir = h.dataDir;
      await h.close();
      h = await startApp({}, dataDir);
      for (let i = 0; i < 50 && (await h.call('GET', '/health')).status !== 200; i++) await sleep(100);
      const checkpoint = await h.call('GET', '/v1/log/checkpoint');
      expect(checkpoint.status).toBe(503);
      expect(checkpoint.body.message).toMatch(/at position 50, the event of the tree's leaf 50: events were removed/);
      const again = await verify();
      expect(again.code).toBe(1);
      expect(again.stdout).toContain('from leaf 31 on (position 31 on the embedded store) are missing');
    });
  },
);
