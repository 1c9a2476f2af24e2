import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { ClientKind, clientKindOf } from '../event-store/eventstoredb/server-client';

export const CONFIG = Symbol('Config');

/** Each role may do all that the roles before it may. */
export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const mayActAs = (have: Role, need: Role) => ROLES.indexOf(have) >= ROLES.indexOf(need);

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
  /** `kurrentdb`: on an EventStoreDB or KurrentDB server through `@kurrent/kurrentdb-client`. */
  eventStore: 'sqlite' | ClientKind;
  /** Set when eventStore is not `sqlite`. */
  eventStoreConnectionString?: string;
  /** sha256(token) → principal: tokens are never kept in clear. */
  tokens: Map<string, Principal>;
  rateLimit?: number;
  /** READ_ACCESS=token: reads need a token too (any role); by default they are open. */
  readsNeedToken: boolean;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS); none by default: CORS off. */
  corsOrigins: string[];
  /**
   * Host names the service answers to besides loopback names and IP addresses (PUBLIC_HOSTNAMES): a request naming
   * another Host is refused, so that a page of a domain rebound to this address (DNS rebinding) cannot use it.
   */
  publicHostnames: string[];
  /** Which proxies' X-Forwarded-* headers to believe (TRUST_PROXY): a number of hops, or addresses and ranges. */
  trustProxy: false | number | string[];
  /** How long a client may take to send a whole request, headers and body (REQUEST_TIMEOUT, seconds). */
  requestTimeoutMs: number;
  /** Live feed connections open at once (LIVE_FEED_MAX); 503 beyond. */
  liveFeedMax: number;
  /**
   * The Ed25519 key (PKCS#8 PEM) that signs the log's checkpoints (CHECKPOINT_KEY_FILE); by default
   * DATA_DIR/checkpoint-key.pem, made at first start. Kept outside the data dir, it also proves what the data dir
   * cannot: that whoever can write the files cannot sign.
   */
  checkpointKeyFile?: string;
  /** The name the checkpoints are signed under (CHECKPOINT_ORIGIN); by default chancery/<the key's fingerprint>. */
  checkpointOrigin?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** LOG_FORMAT: JSON lines, or readable lines (the default when stdout is a terminal). */
  logFormat: 'json' | 'pretty';
  /** METRICS_PORT: the Prometheus scrape also on a port of its own, without a token. */
  metricsPort?: number;
  /** WATCH_ALLOWED_HOSTS: hosts watches may deliver to over http, or at a non-public address. */
  watchAllowedHosts: string[];
  /** WATCH_RETRY_MS: the wait before a failed delivery's first retry; each next one doubles, up to an hour. */
  watchRetryMs: number;
  /** WATCH_TICK_MS: how often watches are checked for what time alone changed (a package lapsing). */
  watchTickMs: number;
  production: boolean;
}

/** Invalid configuration: start-up stops with this one line. */
export class ConfigError extends Error {}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function positiveInt(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    throw new ConfigError(`${name} must be an integer from 1 to ${max}; got "${value}"`);
  return n;
}

function parseTokens(value: string | undefined): Map<string, Principal> {
  const tokens = new Map<string, Principal>();
  for (const entry of list(value)) {
    const [role, token] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
    if (entry.indexOf(':') < 0 || !ROLES.includes(role as Role)) {
      throw new ConfigError(`API_TOKENS must be a comma-separated list of role:token with role ${ROLES.join(', ')}`);
    }
    if (token.length < 16)
      throw new ConfigError(
        `API_TOKENS: each token must have at least 16 characters (a ${role} token has ${token.length})`,
      );
    const hash = hashToken(token);
    tokens.set(hash, { role: role as Role, name: `${role}:${hash.slice(0, 8)}` });
  }
  return tokens;
}

function readAccess(value: string | undefined, tokens: Map<string, Principal>): boolean {
  if (value !== undefined && value !== 'open' && value !== 'token') {
    throw new ConfigError(`READ_ACCESS must be open or token; got "${value}"`);
  }
  if (value === 'token' && tokens.size === 0) throw new ConfigError('READ_ACCESS=token needs API_TOKENS');
  return value === 'token';
}

function corsOrigins(value: string | undefined): string[] {
  const origins = list(value);
  const bad = origins.find((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad !== undefined) {
    throw new ConfigError(`CORS_ORIGINS must be * or origins like https://example.org, comma-separated; got "${bad}"`);
  }
  return origins;
}

function publicHostnames(value: string | undefined): string[] {
  const names = list(value).map((n) => n.toLowerCase());
  const bad = names.find((n) => !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(n));
  if (bad !== undefined) {
    throw new ConfigError(`PUBLIC_HOSTNAMES must be host names like ledger.example.org, comma-separated; got "${bad}"`);
  }
  return names;
}

/** Names proxy-addr (Fastify's) knows for address ranges. */
const RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === '') return false;
  if (/^\d+$/.test(value)) return positiveInt('TRUST_PROXY', value, 10);
  const entries = list(value);
  const bad = entries.find((e) => {
    const [address, bits, rest] = e.split('/');
    const family = isIP(address);
    return !RANGES.includes(e) && (!family || rest !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits)));
  });
  if (bad !== undefined || !entries.length) {
    throw new ConfigError(
      `TRUST_PROXY must be a number of proxies (1 to 10) or addresses and ranges like 10.0.0.0/8, ${RANGES.join(', ')}; got "${bad ?? value}"`,
    );
  }
  return entries;
}

function checkpointOrigin(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[^\s+]+$/.test(value)) {
    throw new ConfigError(
      `CHECKPOINT_ORIGIN must be a name without spaces or "+", like ledger.example.org/log; got "${value}"`,
    );
  }
  return value;
}

/** Reads and checks the environment; throws ConfigError with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const named = env.EVENT_STORE ?? 'sqlite';
  if (named !== 'sqlite' && named !== 'eventstoredb' && named !== 'kurrentdb') {
    throw new ConfigError(`EVENT_STORE must be sqlite, eventstoredb or kurrentdb; got "${named}"`);
  }
  const connectionString = env.EVENTSTORE_CONNECTION_STRING ?? '';
  if (named !== 'sqlite' && !/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\/\S+$/.test(connectionString)) {
    throw new ConfigError(
      `EVENT_STORE=${named} needs EVENTSTORE_CONNECTION_STRING=esdb://host:2113?tls=false (or esdb+discover://…, kurrentdb://…)`,
    );
  }
  // A kurrentdb:// string is spoken by the KurrentDB client only.
  const eventStore = named === 'eventstoredb' ? clientKindOf(connectionString) : named;
  const logLevel = (env.LOG_LEVEL ?? 'log') as Config['logLevel'];
  if (!LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${logLevel}"`);
  const logFormat = env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError(`LOG_FORMAT must be json or pretty; got "${logFormat}"`);
  }
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
    eventStoreConnectionString: eventStore === 'sqlite' ? undefined : connectionString,
    tokens,
    rateLimit: env.RATE_LIMIT === undefined ? undefined : positiveInt('RATE_LIMIT', env.RATE_LIMIT, 1_000_000),
    readsNeedToken: readAccess(env.READ_ACCESS, tokens),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    publicHostnames: publicHostnames(env.PUBLIC_HOSTNAMES),
    trustProxy: trustProxy(env.TRUST_PROXY),
    requestTimeoutMs:
      1000 * (env.REQUEST_TIMEOUT === undefined ? 60 : positiveInt('REQUEST_TIMEOUT', env.REQUEST_TIMEOUT, 3600)),
    checkpointKeyFile: env.CHECKPOINT_KEY_FILE && resolve(env.CHECKPOINT_KEY_FILE),
    checkpointOrigin: checkpointOrigin(env.CHECKPOINT_ORIGIN),
    liveFeedMax: env.LIVE_FEED_MAX === undefined ? 500 : positiveInt('LIVE_FEED_MAX', env.LIVE_FEED_MAX, 100_000),
    logLevel,
    logFormat,
    metricsPort: env.METRICS_PORT === undefined ? undefined : positiveInt('METRICS_PORT', env.METRICS_PORT, 65535),
    watchAllowedHosts: (env.WATCH_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    watchRetryMs:
      env.WATCH_RETRY_MS === undefined ? 1000 : positiveInt('WATCH_RETRY_MS', env.WATCH_RETRY_MS, 3_600_000),
    watchTickMs: env.WATCH_TICK_MS === undefined ? 60_000 : positiveInt('WATCH_TICK_MS', env.WATCH_TICK_MS, 3_600_000),
    production,
  };
}
