import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

export const CONFIG = Symbol('Config');

export type Role = 'writer' | 'admin';

export interface Principal {
  /** Recorded in each event's metadata as `recordedBy`. */
  name: string;
  role: Role;
}

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data directory; undefined keeps everything in memory (tests). */
  dataDir?: string;
  eventStore: 'sqlite';
  eventStoreConnectionString?: string;
  /** sha256(token) → principal: tokens are never kept in clear. */
  tokens: Map<string, Principal>;
  rateLimit?: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  production: boolean;
}

/** Invalid configuration: start-up stops with this one line. */
export class ConfigError extends Error {}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

function positiveInt(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    throw new ConfigError(`${name} must be an integer from 1 to ${max}; got "${value}"`);
  return n;
}

function parseTokens(value: string | undefined): Map<string, Principal> {
  const tokens = new Map<string, Principal>();
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [role, token] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
    if (entry.indexOf(':') < 0 || (role !== 'writer' && role !== 'admin')) {
      throw new ConfigError('API_TOKENS must be a comma-separated list of role:token with role writer or admin');
    }
    if (token.length < 16)
      throw new ConfigError(
        `API_TOKENS: each token must have at least 16 characters (a ${role} token has ${token.length})`,
      );
    const hash = hashToken(token);
    tokens.set(hash, { role, name: `${role}:${hash.slice(0, 8)}` });
  }
  return tokens;
}

/** Reads and checks the environment; throws ConfigError with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const eventStore = env.EVENT_STORE ?? 'sqlite';
  if (eventStore !== 'sqlite' && eventStore !== 'eventstoredb') {
    throw new ConfigError(`EVENT_STORE must be sqlite or eventstoredb; got "${eventStore}"`);
  }
  if (eventStore === 'eventstoredb') {
    throw new ConfigError('EVENT_STORE=eventstoredb is not available in this version yet: use sqlite');
  }
  const logLevel = (env.LOG_LEVEL ?? 'log') as Config['logLevel'];
  if (!LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${logLevel}"`);
  const tokens = parseTokens(env.API_TOKENS);
  const production = env.NODE_ENV === 'production';
  if (production && tokens.size === 0) {
    throw new ConfigError(
      'NODE_ENV=production needs API_TOKENS (role:token,…): refusing to accept writes without tokens',
    );
  }
  const dataDir = env.DATA_DIR ?? './data';
  return {
    port: env.PORT === undefined ? 3000 : positiveInt('PORT', env.PORT, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    eventStore,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING,
    tokens,
    rateLimit: env.RATE_LIMIT === undefined ? undefined : positiveInt('RATE_LIMIT', env.RATE_LIMIT, 1_000_000),
    logLevel,
    production,
  };
}
