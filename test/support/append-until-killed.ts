// Test fixture for event-store/sqlite/group-commit.spec.ts: appends from many concurrent callers until killed,
// printing each event id once its append is acknowledged. Run with `node --import tsx`.
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const [file, prefix] = process.argv.slice(2);
const store = new SqliteEventStore(file);
let n = 0;

async function caller(c: number) {
  for (;;) {
    const eventId = `${prefix}-${c}-${n++}`;
    await store.append([
      { stream: `s-${c % 4}`, events: [{ eventId, type: 'Tick', data: { c }, metadata: {} }], expectedRevision: 'any' },
    ]);
    process.stdout.write(`${eventId}\n`);
  }
}

for (let c = 0; c < 32; c++) void caller(c);
