import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from './support/app';
import { action, sleep, uuid } from './support/ledger';
import { startService } from './support/process';
import { randomActions } from './support/random-history';
import { Outcome, send } from './support/raw-http';
import { describeSqlite } from './support/sqlite-only';

describeSqlite('SIGTERM: a graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chancery-sigterm-'));
  afterAll(() => removeDir(dataDir));

  it('stops taking requests, answers the writes in flight, flushes the projection checkpoint, exits 0', async () => {
    const service = await startService(dataDir);
    const outcomes: { eventId: string; outcome: Outcome }[] = [];
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const eventId = uuid();
        const outcome = await send(service.url, 'POST', '/v1/events', action({ type: 'ProtestLodged', eventId }));
        outcomes.push({ eventId, outcome });
        if ('error' in outcome) return; // refused: the server has stopped listening
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    const answered = () => outcomes.filter(({ outcome }) => 'status' in outcome && outcome.status === 201);
    // Writes flowing before the signal: a count, not a time, which a loaded machine would stretch.
    while (answered().length <= 20) await sleep(20);

    // A batch of 5,000 takes seconds to check and record: it is still in flight when SIGTERM arrives.
    const batch = send(service.url, 'POST', '/v1/events/batch', { events: randomActions(5000, 7) });
    await sleep(300);
    const exitCode = service.exited;
    service.child.kill('SIGTERM');
    const refused = await waitForRefusal(service.url);
    stop = true;
    const batchOutcome = await batch;
    await Promise.all(writers);

    // Exit code 0, not death by the signal (null): the handler closed the app and exited.
    expect(await exitCode).toBe(0);
    // New connections were refused while the batch was still being recorded...
    expect(refused).toBe(true);
    // ...and the batch got its answer.
    expect(batchOutcome).toMatchObject({ status: 201 });
    const unanswered = outcomes.filter(({ outcome }) => 'error' in outcome);
    const acknowledged = answered();
    console.log(
      `SIGTERM: ${acknowledged.length} writes and a 5,000-action batch answered, ${unanswered.length} never taken up`,
    );

    // On disk: every acknowledged write, and a projection checkpoint at the head of the log.
    const events = new Database(join(dataDir, 'events.db'), { readonly: true });
    const ids = new Set(events.prepare('SELECT event_id FROM events').pluck().all() as string[]);
    const head = events.prepare('SELECT MAX(position) FROM events').pluck().get() as number;
    events.close();
    for (const { eventId } of acknowledged) expect(ids.has(eventId)).toBe(true);
    // A request left without an answer was never taken up: refused, or its connection closed while still idle
    // (accepted, nothing read yet). A write the service had taken up is always answered.
    expect(unanswered.filter(({ eventId }) => ids.has(eventId))).toEqual([]);
    for (const e of (batchOutcome as { body: { events: { eventId: string }[] } }).body.events) {
      expect(ids.has(e.eventId)).toBe(true);
    }
    const { file } = JSON.parse(readFileSync(join(dataDir, 'read-models.json'), 'utf8')) as { file: string };
    const read = new Database(join(dataDir, file), { readonly: true });
    expect(read.prepare(`SELECT position FROM checkpoints WHERE name = 'relations'`).pluck().get()).toBe(head);
    read.close();
  }, 60_000);
});

/** True once a new connection is refused, within 5 s of the signal, while a write is still in flight. */
async function waitForRefusal(url: string): Promise<boolean> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(20)) {
    const outcome = await send(url, 'GET', '/v1/event-types');
    if ('error' in outcome && outcome.error === 'ECONNREFUSED') return true;
  }
  return false;
}
