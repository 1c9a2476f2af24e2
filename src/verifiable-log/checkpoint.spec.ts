import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { openCheckpoint, openNote, signCheckpoint, signNote, verifierKey } from './checkpoint';

/** golang.org/x/mod/sumdb/note's own test key and note (note_test.go): the format is the one Go's tools read. */
const GO_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const goKey = () =>
  createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), GO_SEED]),
    format: 'der',
    type: 'pkcs8',
  });

describe('signed notes and checkpoints (C2SP signed-note, tlog-checkpoint)', () => {
  it("signs and verifies as Go's note package does, byte for byte", () => {
    expect(verifierKey('PeterNeumann', goKey())).toBe(GO_VERIFIER);
    expect(signNote(GO_TEXT, 'PeterNeumann', goKey())).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, GO_VERIFIER)).toEqual({ text: GO_TEXT });
  });

  it('a checkpoint opens with its verifier key, and not when changed or signed by another key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const checkpoint = { origin: 'chancery/test', treeSize: 42, rootHash: Buffer.alloc(32, 7) };
    const note = signCheckpoint(checkpoint, 'chancery/test', privateKey);
    const verifier = verifierKey('chancery/test', privateKey);
    expect(note).toMatch(/^chancery\/test\n42\nBwcH[A-Za-z0-9+/=]+\n\n— chancery\/test \S+\n$/);
    expect(openCheckpoint(note, verifier)).toEqual(checkpoint);
    expect(openCheckpoint(note.replace('\n42\n', '\n41\n'), verifier)).toMatch(/not signed by chancery\/test/);
    const other = verifierKey('chancery/test', generateKeyPairSync('ed25519').privateKey);
    expect(openCheckpoint(note, other)).toMatch(/not signed/);
    expect(openCheckpoint(note, 'nonsense')).toMatch(/not an Ed25519 verifier key/);
  });
});
