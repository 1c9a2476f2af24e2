import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962 / RFC 9162 §2.1 (Certificate Transparency): leaves hashed with a 0x00 prefix,
 * interior nodes with 0x01, the tree of n leaves split at the largest power of two below n. Pure: the tree's
 * hashes come from `SubtreeHashes`, which a store answers from the perfect subtrees it keeps, and the proofs
 * and their checks are the RFC's algorithms, so any RFC 9162 verifier can check what this service gives.
 */
export type Hash = Buffer;

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

export const leafHash = (bytes: Buffer): Hash => sha256(Buffer.of(0), bytes);
export const nodeHash = (left: Hash, right: Hash): Hash => sha256(Buffer.of(1), left, right);
/** The root of the empty tree: the hash of the empty string. */
export const EMPTY_ROOT: Hash = sha256();

/** The hash of the perfect subtree over leaves [start, start + 2^level), start a multiple of 2^level. */
export type PerfectHash = (level: number, index: number) => Hash;

/** The largest power of two smaller than n (n > 1). */
const split = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

/** MTH(D[start:end]): from perfect subtrees, O(log n) of them. */
export function subtreeHash(perfect: PerfectHash, start: number, end: number): Hash {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if ((n & (n - 1)) === 0 && start % n === 0) return perfect(Math.log2(n), start / n);
  const k = split(n);
  return nodeHash(subtreeHash(perfect, start, start + k), subtreeHash(perfect, start + k, end));
}

export const rootHash = (perfect: PerfectHash, size: number) => subtreeHash(perfect, 0, size);

/** PATH(m, D[0:n]) of RFC 6962 §2.1.1: the audit path of leaf m in the tree of n leaves. */
export function inclusionProof(perfect: PerfectHash, index: number, size: number): Hash[] {
  const path = (m: number, start: number, end: number): Hash[] => {
    const n = end - start;
    if (n <= 1) return [];
    const k = split(n);
    return m < k
      ? [...path(m, start, start + k), subtreeHash(perfect, start + k, end)]
      : [...path(m - k, start + k, end), subtreeHash(perfect, start, start + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[0:n]) of RFC 6962 §2.1.2: that the tree of m leaves is a prefix of the tree of n. */
export function consistencyProof(perfect: PerfectHash, m: number, n: number): Hash[] {
  const subproof = (m: number, start: number, end: number, whole: boolean): Hash[] => {
    const n = end - start;
    if (m === n) return whole ? [] : [subtreeHash(perfect, start, end)];
    const k = split(n);
    return m <= k
      ? [...subproof(m, start, start + k, whole), subtreeHash(perfect, start + k, end)]
      : [...subproof(m - k, start + k, end, false), subtreeHash(perfect, start, start + k)];
  };
  return m === 0 || m === n ? [] : subproof(m, 0, n, true);
}

/** RFC 9162 §2.1.3.2: whether `path` proves leaf `index` (with hash `leaf`) is in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leaf: Hash, path: Hash[], root: Hash): boolean {
  if (index >= size) return false;
  let [fn, sn, r] = [index, size - 1, leaf];
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else r = nodeHash(r, p);
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: whether `path` proves the tree of `first` leaves (`firstRoot`) is a prefix of `second`'s. */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, path: Hash[]) {
  if (first > second) return false;
  if (first === second) return path.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return path.length === 0;
  if (path.length === 0) return false;
  const proof = (first & (first - 1)) === 0 ? [firstRoot, ...path] : path;
  let [fn, sn] = [first - 1, second - 1];
  while (fn % 2 === 1) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  let [fr, sr] = [proof[0], proof[0]];
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      [fr, sr] = [nodeHash(c, fr), nodeHash(c, sr)];
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

/**
 * The root of a growing tree from its leaves in order, in O(log n) memory: the perfect subtrees along its right
 * edge (a compact range from 0). For a verifier that reads a whole log once.
 */
export class CompactRange {
  private readonly stack: { level: number; hash: Hash }[] = [];
  size = 0;

  append(leaf: Hash): void {
    let top = { level: 0, hash: leaf };
    while (this.stack.length && this.stack[this.stack.length - 1].level === top.level) {
      const left = this.stack.pop()!;
      top = { level: top.level + 1, hash: nodeHash(left.hash, top.hash) };
    }
    this.stack.push(top);
    this.size++;
  }

  root(): Hash {
    if (!this.stack.length) return EMPTY_ROOT;
    let root = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i].hash, root);
    return root;
  }
}
