import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCheckpoint, verifierKey } from '../src/verifiable-log/checkpoint';
import { leafOf } from '../src/verifiable-log/leaf';
import { Hash, nodeHash, rootHash, verifyConsistency, verifyInclusion } from '../src/verifiable-log/merkle';
import { removeDir, startApp } from './support/app';
import { chancery } from './support/cli';
import { action, expectError, expectStatus, record, useApp } from './support/ledger';

const fromB64 = (s: string) => Buffer.from(s, 'base64');

describe('the verifiable log: a Merkle tree over the log, signed checkpoints, inclusion and consistency proofs', () => {
  const app = useApp();
  const get = async (path: string) => expectStatus(await app.h.call('GET', path), 200, path).body;

  /** The tree's root recomputed here, from the events as stored, in the ledger's order (not from its hashes). */
  async function recomputedRoot(size: number): Promise<Hash> {
    const leaves: Hash[] = [];
    for (let start: number | null = 0; start !== null && leaves.length < size;) {
      const page = await get(`/v1/log/entries?start=${start}&count=1000`);
      leaves.push(...page.entries.map((e: { event: Parameters<typeof leafOf>[0] }) => leafOf(e.event)));
      start = page.next;
    }
    const perfect = (level: number, index: number): Hash => {
      if (level === 0) return leaves[index];
      return nodeHash(perfect(level - 1, 2 * index), perfect(level - 1, 2 * index + 1));
    };
    return rootHash(perfect, size);
  }

  it('a checkpoint is signed by its verifier key and its root is the tree of the events as stored', async () => {
    for (let i = 0; i < 5; i++) await record(app.h, action({ occurredAt: `2022-03-0${i + 1}` }));
    const checkpoint = await get('/v1/log/checkpoint');
    expect(checkpoint).toMatchObject({ treeSize: 5, origin: expect.stringMatching(/^chancery\//) });
    const opened = openCheckpoint(checkpoint.note, checkpoint.verifierKey);
    expect(opened).toEqual({ origin: checkpoint.origin, treeSize: 5, rootHash: fromB64(checkpoint.rootHash) });
    expect((await recomputedRoot(5)).toString('base64')).toBe(checkpoint.rootHash);
  });

  it('proves an event is in the tree, and that a later tree only appended to an earlier one', async () => {
    const kept = await get('/v1/log/checkpoint');
    const recorded = await record(app.h, action({ type: 'ProtestLodged', occurredAt: '2022-04-01' }));
    for (let i = 0; i < 6; i++) await record(app.h, action({ occurredAt: `2022-05-0${i + 1}` }));
    const now = await get('/v1/log/checkpoint');
    expect(now.treeSize).toBe(kept.treeSize + 7);
    const proof = await get(`/v1/log/proof/inclusion?eventId=${recorded.eventId}`);
    expect(proof).toMatchObject({ leafIndex: kept.treeSize, treeSize: now.treeSize, position: recorded.position });
    const event = (await get(`/v1/log/entries?start=${proof.leafIndex}&count=1`)).entries[0].event;
    expect(event.eventId).toBe(recorded.eventId);
    const path = proof.path.map(fromB64);
    expect(verifyInclusion(proof.leafIndex, now.treeSize, leafOf(event), path, fromB64(now.rootHash))).toBe(true);
    const consistency = await get(`/v1/log/proof/consistency?first=${kept.treeSize}&second=${now.treeSize}`);
    const [a, b] = [fromB64(kept.rootHash), fromB64(now.rootHash)];
    expect(verifyConsistency(kept.treeSize, now.treeSize, a, b, consistency.path.map(fromB64))).toBe(true);
    // A checkpoint of an earlier size is the same tree's: the kept root again.
    expect((await get(`/v1/log/checkpoint?treeSize=${kept.treeSize}`)).rootHash).toBe(kept.rootHash);
  });

  it('names what is wrong with a question', async () => {
    const { treeSize } = await get('/v1/log/checkpoint');
    expectError(await app.h.call('GET', `/v1/log/checkpoint?treeSize=${treeSize + 1}`), 400, 'treeSize');
    expectError(await app.h.call('GET', '/v1/log/proof/inclusion?eventId=not-an-id'), 400, 'eventId');
    const unknown = '6f1d4a52-6a35-4c8e-9a3b-2f7c1e0b9d41';
    expectError(await app.h.call('GET', `/v1/log/proof/inclusion?eventId=${unknown}`), 404, unknown);
    expectError(await app.h.call('GET', `/v1/log/proof/consistency?first=${treeSize}&second=1`), 400, 'first');
    expectError(await app.h.call('GET', '/v1/log/entries?count=1001'), 400, 'count');
  });
});

describe('a checkpoint of the empty log', () => {
  it('verifies against the log once events are added to it', async () => {
    const h = await startApp();
    const kept = join(h.dataDir, 'kept.json');
    try {
      expect((await chancery('--url', h.url, 'checkpoint', '-o', kept)).code).toBe(0);
      expect(JSON.parse(readFileSync(kept, 'utf8'))).toMatchObject({ treeSize: 0 });
      for (let i = 0; i < 3; i++) await record(h, action({ occurredAt: `2022-06-0${i + 1}` }));
      const r = await chancery('--url', h.url, 'verify', '--checkpoint', kept);
      expect(r).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('3 events: the log holds what the checkpoint covers'),
      });
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });
});

describe("the checkpoints' signing key", () => {
  const dir = mkdtempSync(join(tmpdir(), 'chancery-key-'));
  const keyFile = join(dir, 'operator-key.pem');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is the operator's when CHECKPOINT_KEY_FILE names one, under CHECKPOINT_ORIGIN", async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const h = await startApp({ CHECKPOINT_KEY_FILE: keyFile, CHECKPOINT_ORIGIN: 'ledger.example.org/log' });
    try {
      const checkpoint = expectStatus(await h.call('GET', '/v1/log/checkpoint'), 200).body;
      expect(checkpoint.verifierKey).toBe(verifierKey('ledger.example.org/log', privateKey));
      expect(checkpoint.note).toMatch(/^ledger\.example\.org\/log\n0\n/);
      expect(existsSync(join(h.dataDir, 'checkpoint-key.pem'))).toBe(false);
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });

  it('is made in the data dir at first start, kept across restarts, readable by its owner only', async () => {
    let h = await startApp();
    const first = expectStatus(await h.call('GET', '/v1/log/checkpoint'), 200).body.verifierKey;
    await h.close();
    expect(statSync(join(h.dataDir, 'checkpoint-key.pem')).mode & 0o777).toBe(0o600);
    h = await startApp({}, h.dataDir);
    try {
      expect(expectStatus(await h.call('GET', '/v1/log/checkpoint'), 200).body.verifierKey).toBe(first);
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });

  it('a CHECKPOINT_KEY_FILE that is missing or no Ed25519 key stops start-up with one line', async () => {
    await expect(startApp({ CHECKPOINT_KEY_FILE: join(dir, 'missing.pem') })).rejects.toThrow(/does not exist/);
    writeFileSync(
      join(dir, 'rsa.pem'),
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
    );
    await expect(startApp({ CHECKPOINT_KEY_FILE: join(dir, 'rsa.pem') })).rejects.toThrow(/no Ed25519 private key/);
  });
});
