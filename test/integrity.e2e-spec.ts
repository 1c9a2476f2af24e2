import Database from 'better-sqlite3';
import { join } from 'node:path';
import { chancery } from './support/cli';
import { bearer, expectError, expectStatus, readLog, record, useApp } from './support/ledger';
import { SEED_EPISODE } from './support/seed-episode';
import { describeSqlite } from './support/sqlite-only';

const WRITER = 'writer-token-0123456789abcdef';
const ADMIN = 'admin-token-fedcba9876543210';

describeSqlite('tamper evidence: the hash chain and its check', () => {
  const app = useApp({ API_TOKENS: `writer:${WRITER},admin:${ADMIN}` });
  const integrity = () => app.h.call('GET', '/v1/admin/integrity', undefined, bearer(ADMIN));

  beforeAll(async () => {
    for (const body of SEED_EPISODE) await record(app.h, body, bearer(WRITER));
  });

  it('is for admins only', async () => {
    expectError(await app.h.call('GET', '/v1/admin/integrity'), 401);
    expectError(await app.h.call('GET', '/v1/admin/integrity', undefined, bearer(WRITER)), 403, 'admin');
  });

  it('an untouched log: intact up to its head, from the service and from the file', async () => {
    const report = expectStatus(await integrity(), 200).body;
    expect(report).toEqual({
      ok: true,
      checked: SEED_EPISODE.length,
      head: {
        position: SEED_EPISODE.length,
        eventId: SEED_EPISODE.at(-1)!.eventId,
        hash: expect.any(String),
        logHash: expect.any(String),
      },
      problems: [],
    });
    const viaService = await chancery('--url', app.h.url, '--token', ADMIN, 'integrity');
    expect(viaService).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`${SEED_EPISODE.length} events intact`),
    });
    const viaFile = await chancery('integrity', '--data-dir', app.h.dataDir);
    expect(viaFile.stdout).toContain(report.head.hash);
    expect(viaFile.code).toBe(0);
  });

  it('an UPDATE made to the file behind the running service is named, with its event, by the endpoint and the CLI', async () => {
    const victim = (await readLog(app.h))[3];
    const db = new Database(join(app.h.dataDir, 'events.db'));
    db.exec('DROP TRIGGER events_no_update');
    // Backdating an action: the kind of quiet edit the chain is there to expose.
    const changed = db
      .prepare(`UPDATE events SET data = json_set(data, '$.occurredAt', '1999-01-01') WHERE event_id = ?`)
      .run(victim.eventId);
    expect(changed.changes).toBe(1);
    db.close();

    const report = expectStatus(await integrity(), 200).body;
    expect(report).toMatchObject({
      ok: false,
      checked: 3,
      firstBad: { position: victim.position, eventId: victim.eventId, revision: victim.revision },
      problems: [expect.stringContaining('events_no_update is missing')],
    });
    for (const args of [
      ['--url', app.h.url, '--token', ADMIN, 'integrity'],
      ['integrity', '--data-dir', app.h.dataDir],
    ]) {
      const cli = await chancery(...args);
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`TAMPERED first bad event at position ${victim.position} (${victim.eventId}`);
      expect(cli.stdout).toContain('events_no_update is missing');
    }
  });
});
