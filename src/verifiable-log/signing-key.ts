import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config, ConfigError } from '../config/config';
import { verifierKey } from './checkpoint';

export const SIGNER = Symbol('Signer');

/** The signing key's file in a data dir, when CHECKPOINT_KEY_FILE does not name one elsewhere. */
export const CHECKPOINT_KEY = 'checkpoint-key.pem';

export interface Signer {
  /** The name checkpoints are signed under: their origin line and their signature's key name. */
  name: string;
  key: KeyObject;
  /** What to publish so that anyone can check the checkpoints: `name+keyid+key`. */
  verifier: string;
}

/**
 * The checkpoints' signing key: CHECKPOINT_KEY_FILE (which must exist), or DATA_DIR/checkpoint-key.pem, made
 * (mode 0600) at first start; in memory for a service without a data dir (tests). Loaded before the application
 * is built, so that a missing or wrong key stops start-up with one line.
 */
export function loadSigner(config: Pick<Config, 'checkpointKeyFile' | 'checkpointOrigin' | 'dataDir'>): Signer {
  const file = config.checkpointKeyFile ?? (config.dataDir && join(config.dataDir, CHECKPOINT_KEY));
  let key: KeyObject;
  if (file && existsSync(file)) {
    try {
      key = createPrivateKey(readFileSync(file));
    } catch {
      throw new ConfigError(`${file} holds no private key in PEM`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${file} holds no Ed25519 private key`);
  } else if (config.checkpointKeyFile) {
    throw new ConfigError(`CHECKPOINT_KEY_FILE ${config.checkpointKeyFile} does not exist`);
  } else {
    key = generateKeyPairSync('ed25519').privateKey;
    if (file) writeFileSync(file, key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  const fingerprint = createHash('sha256')
    .update(createPublicKey(key).export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
  const name = config.checkpointOrigin ?? `chancery/${fingerprint}`;
  return { name, key, verifier: verifierKey(name, key) };
}
