import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * Signed checkpoints in the formats transparency logs share (C2SP tlog-checkpoint and signed-note), so that
 * tools made for them (Go's golang.org/x/mod/sumdb/note, for one) read them:
 *
 *   <origin>\n<tree size>\n<root hash, base64>\n\n— <key name> <base64(key id ‖ Ed25519 signature)>\n
 *
 * The signature covers the body (the first three lines); the key id is the first 4 bytes of
 * SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key); the verifier key reads `<name>+<key id, hex>+<base64(0x01 ‖ key)>`.
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

const ED25519 = 0x01;
/** The 12 bytes DER puts before a raw Ed25519 public key (SubjectPublicKeyInfo). */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const rawPublicKey = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);

const keyId = (name: string, raw: Buffer) =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.of(ED25519), raw]))
    .digest()
    .subarray(0, 4);

export const bodyOf = (c: Checkpoint) => `${c.origin}\n${c.treeSize}\n${c.rootHash.toString('base64')}\n`;

/** The verifier key of a signing key, to publish beside the checkpoints. */
export function verifierKey(name: string, key: KeyObject): string {
  const raw = rawPublicKey(createPublicKey(key));
  return `${name}+${keyId(name, raw).toString('hex')}+${Buffer.concat([Buffer.of(ED25519), raw]).toString('base64')}`;
}

/** A signed note: the text (ending in a newline), a blank line, and the signature line of `name`'s key. */
export function signNote(text: string, name: string, privateKey: KeyObject): string {
  const signature = sign(null, Buffer.from(text), privateKey);
  const raw = rawPublicKey(createPublicKey(privateKey));
  return `${text}\n— ${name} ${Buffer.concat([keyId(name, raw), signature]).toString('base64')}\n`;
}

/**
 * The text of a signed note if the verifier key signed it, or why not. Only a line signed by that key counts;
 * a note may carry others (witnesses' cosignatures).
 */
export function openNote(note: string, verifier: string): { text: string } | { problem: string } {
  // The key's base64 may itself hold a '+'.
  const [, name, hexId, key] = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(verifier.trim()) ?? [];
  const raw = Buffer.from(key ?? '', 'base64');
  if (!name || raw.length !== 33 || raw[0] !== ED25519) {
    return { problem: `not an Ed25519 verifier key (name+keyid+key): ${verifier}` };
  }
  const end = note.indexOf('\n\n');
  if (end < 0) return { problem: 'not a signed note: no blank line between the text and its signatures' };
  const text = note.slice(0, end + 1);
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, raw.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  const signed = note
    .slice(end + 2)
    .split('\n')
    .map((line) => /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line))
    .some((m) => {
      if (!m || m[1] !== name) return false;
      const sig = Buffer.from(m[2], 'base64');
      return (
        sig.subarray(0, 4).toString('hex') === hexId && verify(null, Buffer.from(text), publicKey, sig.subarray(4))
      );
    });
  return signed ? { text } : { problem: `the note is not signed by ${name}+${hexId}` };
}

export const signCheckpoint = (c: Checkpoint, name: string, privateKey: KeyObject) =>
  signNote(bodyOf(c), name, privateKey);

/** The checkpoint a signed note carries, if the verifier key signed it; or why not. */
export function openCheckpoint(note: string, verifier: string): Checkpoint | string {
  const opened = openNote(note, verifier);
  if ('problem' in opened) return opened.problem;
  const [origin, size, root] = opened.text.split('\n');
  const rootHash = Buffer.from(root ?? '', 'base64');
  if (!origin || !/^\d+$/.test(size ?? '') || rootHash.length !== 32) {
    return 'not a checkpoint: its text is no origin, tree size and root hash';
  }
  return { origin, treeSize: Number(size), rootHash };
}
