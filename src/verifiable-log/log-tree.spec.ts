import { generateKeyPairSync } from 'node:crypto';
import { Config } from '../config/config';
import { InMemoryEventStore } from '../event-store/in-memory/in-memory-event-store';
import { LogTree } from './log-tree';
import { Signer } from './signing-key';

const signer: Signer = { name: 'chancery/test', key: generateKeyPairSync('ed25519').privateKey, verifier: '' };

async function logOf(n: number) {
  const store = new InMemoryEventStore();
  for (let i = 0; i < n; i++) {
    await store.append([
      { stream: 'a', events: [{ eventId: `e${i}`, type: 'Tick', data: {}, metadata: {} }], expectedRevision: 'any' },
    ]);
  }
  return store;
}

describe('LogTree: a checkpoint covers the log as it was when asked for', () => {
  it('signs the whole log once the tree has taken it in', async () => {
    const tree = new LogTree(await logOf(5), {} as Config, signer);
    await tree.onModuleInit();
    expect(await tree.checkpoint()).toMatchObject({ treeSize: 5, lastPosition: 5 });
    await tree.onApplicationShutdown();
  });

  it('answers 503 while the tree is still taking in the log, never a checkpoint of less than the log', async () => {
    const store = await logOf(5);
    // A tree that has not been given the log yet (a restored log, a lost tree file, a catch-up under way).
    jest.spyOn(store, 'subscribe').mockReturnValue({ unsubscribe: () => Promise.resolve() });
    const tree = new LogTree(store, {} as Config, signer);
    await tree.onModuleInit();
    await expect(tree.checkpoint()).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/still taking in the log \(0 events so far\)/),
    });
    // An earlier size the tree has is still given.
    expect(await tree.checkpoint(0)).toMatchObject({ treeSize: 0 });
    await tree.onApplicationShutdown();
  });
});
