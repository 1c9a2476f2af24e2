import { randomUUID } from 'node:crypto';
import { Answer, removeDir, RunningApp, startApp } from './app';

/** The details each type needs at least, so `action({ type })` is a valid body. */
const DEFAULT_DETAILS: Record<string, Record<string, unknown> | undefined> = {
  SanctionsImposed: { measures: [{ kind: 'export_ban', items: 10 }] },
  SanctionsLifted: { kinds: ['export_ban'] },
  TalksOpened: { track: 'peace-treaty' },
  TalksResumed: { track: 'peace-treaty' },
  TalksSuspended: { track: 'peace-treaty' },
  TalksTerminated: { track: 'peace-treaty' },
  VisaRegimeGranted: { regime: 'visa-free-south-kurils' },
  VisaRegimeRevoked: { regime: 'visa-free-south-kurils' },
  CooperationLaunched: { framework: 'joint-economic-activities-south-kurils' },
  CooperationResumed: { framework: 'joint-economic-activities-south-kurils' },
  CooperationSuspended: { framework: 'joint-economic-activities-south-kurils' },
  CooperationTerminated: { framework: 'joint-economic-activities-south-kurils' },
  DiplomatsExpelled: { count: 8 },
  MissionOpened: { mission: 'embassy' },
  MissionClosed: { mission: 'embassy' },
  ProtestLodged: { subject: 'a protest' },
};

export interface ActionBody {
  type: string;
  actor: string;
  target: string;
  occurredAt: string;
  details?: Record<string, unknown>;
  summary?: string;
  sources?: { url: string; publisher?: string; publishedAt?: string }[];
  eventId?: string;
  expectedRevision?: number;
  [extra: string]: unknown;
}

/**
 * A valid action body: RU terminates the peace-treaty talks with JP on 2022-03-21, unless
 * overridden. Changing `type` brings that type's default details; pass `details` to replace them,
 * or `details: undefined` to leave them out.
 */
export function action(overrides: Partial<ActionBody> = {}): ActionBody {
  const type = overrides.type ?? 'TalksTerminated';
  const body: ActionBody = {
    type,
    actor: 'RU',
    target: 'JP',
    occurredAt: '2022-03-21',
    ...(DEFAULT_DETAILS[type] && { details: DEFAULT_DETAILS[type] }),
    ...overrides,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

export const uuid = () => randomUUID();

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Records one action and fails the test with the app's answer unless it is a 201. */
export async function record(h: RunningApp, body: ActionBody, headers: Record<string, string> = {}) {
  const res = await h.call('POST', '/v1/events', body, headers);
  if (res.status !== 201) throw new Error(`POST /v1/events ${JSON.stringify(body)} → ${res.status} ${res.text}`);
  return res.body as {
    eventId: string;
    pair: [string, string];
    revision: number;
    position: number;
    recordedAt: string;
  };
}

/** Fails with the app's whole answer (not just the status) when the status is not the one expected. */
export function expectStatus(res: Answer, status: number, what = ''): Answer {
  if (res.status !== status)
    throw new Error(`${what} expected ${status}, got ${res.status}: ${res.text.slice(0, 2000)}`);
  return res;
}

/** Every event of the global log, paged with after/limit. */
export async function readLog(h: RunningApp): Promise<any[]> {
  const events: any[] = [];
  for (let after: number | null = 0; after !== null;) {
    const res = await h.call('GET', `/v1/events?after=${after}&limit=1000`);
    if (res.status !== 200) throw new Error(`GET /v1/events?after=${after} → ${res.status} ${res.text}`);
    events.push(...res.body.events);
    after = res.body.next;
  }
  return events;
}

/** A fingerprint of the log (count and last position) to check a rejected request recorded nothing. */
export async function logHead(h: RunningApp): Promise<{ count: number; last: number | null }> {
  const events = await readLog(h);
  return { count: events.length, last: events.length ? events[events.length - 1].position : null };
}

/** A stack trace or source path in an error body would leak internals. */
const LEAKS = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+|"stack"/;

/**
 * The contract's error shape: `{ statusCode, error, message }` with `status`, the message naming
 * each of `mentions`, and no stack trace.
 */
export function expectError(res: Answer, status: number, ...mentions: (string | RegExp)[]) {
  const where = `${res.status} ${res.text.slice(0, 1000)}`;
  expect({ status: res.status, where }).toEqual({ status, where });
  expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
  expect(res.body).toEqual(
    expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.any(String) }),
  );
  for (const m of mentions) {
    if (typeof m === 'string') expect(res.body.message).toContain(m);
    else expect(res.body.message).toMatch(m);
  }
  expect(res.text).not.toMatch(LEAKS);
}

/** Matches an ISO string (or date) that denotes the same instant as `iso`: `2022-03-21` = 00:00Z. */
/**
 * A package's measures as the state shows them when posted as `measures` on `since`: each with its id
 * (`m1`, `m2`, … by place where posted without), in force since then.
 */
export const inForce = (measures: Record<string, unknown>[], since: string, first = 0) =>
  measures.map((m, i) => ({ id: `m${first + i + 1}`, ...m, status: 'active', since: at(since) }));

export function at(iso: string) {
  const want = Date.parse(iso);
  return {
    asymmetricMatch: (actual: unknown) => typeof actual === 'string' && Date.parse(actual) === want,
    toString: () => `at(${iso})`,
    toAsymmetricMatcher: () => `at(${new Date(want).toISOString()})`,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The ms after `iso`: a knownAt strictly later than a write's recordedAt. */
export const justAfter = (iso: string) => new Date(Date.parse(iso) + 1).toISOString();
export const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

/** One app per suite: started in beforeAll, closed and its data dir removed in afterAll. */
export function useApp(env: Record<string, string> = {}): { readonly h: RunningApp } {
  const ctx: { h?: RunningApp } = {};
  beforeAll(async () => {
    ctx.h = await startApp(env);
  });
  afterAll(async () => {
    if (!ctx.h) return;
    await ctx.h.close();
    removeDir(ctx.h.dataDir);
  });
  return {
    get h() {
      if (!ctx.h) throw new Error('the app is not started');
      return ctx.h;
    },
  };
}
