import fc from 'fast-check';
import {
  CompactRange,
  consistencyProof,
  EMPTY_ROOT,
  Hash,
  inclusionProof,
  leafHash,
  nodeHash,
  PerfectHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

/** MTH of RFC 6962 §2.1, straight from its definition. */
function mth(leaves: Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** Perfect subtrees as a store keeps them: computed once from the leaves. */
const perfectOf =
  (leaves: Hash[]): PerfectHash =>
  (level, index) =>
    mth(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}`)));

describe('the Merkle tree of RFC 6962 / 9162', () => {
  it('gives the roots of the RFC 6962 reference vectors (certificate-transparency test data)', () => {
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const leaves = inputs.map((hex) => leafHash(Buffer.from(hex, 'hex')));
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    expect(roots.map((_, i) => rootHash(perfectOf(leaves), i + 1).toString('hex'))).toEqual(roots);
    expect(rootHash(perfectOf(leaves), 0).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('from perfect subtrees, the root is MTH; every inclusion and consistency proof checks, and no wrong one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (n, a, b) => {
        const leaves = leavesOf(n);
        const perfect = perfectOf(leaves);
        const root = rootHash(perfect, n);
        expect(root.equals(mth(leaves))).toBe(true);
        const i = a % n;
        const path = inclusionProof(perfect, i, n);
        expect(verifyInclusion(i, n, leaves[i], path, root)).toBe(true);
        expect(verifyInclusion(i, n, leafHash(Buffer.from('forged')), path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, leaves[i], path, root)).toBe(false);
        const m = 1 + (b % n);
        const proof = consistencyProof(perfect, m, n);
        const older = rootHash(perfect, m);
        expect(verifyConsistency(m, n, older, root, proof)).toBe(true);
        // A prefix that was changed is no prefix.
        const changed = [...leaves.slice(0, m - 1), leafHash(Buffer.from('rewritten'))];
        if (m < n) expect(verifyConsistency(m, n, mth(changed), root, proof)).toBe(false);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('a compact range gives the root of every prefix, leaf by leaf', () => {
    const leaves = leavesOf(40);
    const range = new CompactRange();
    expect(range.root().equals(EMPTY_ROOT)).toBe(true);
    leaves.forEach((leaf, i) => {
      range.append(leaf);
      expect(range.root().equals(mth(leaves.slice(0, i + 1)))).toBe(true);
    });
  });
});
