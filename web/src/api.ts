// The page's view of the HTTP contract v1: typed GETs that turn error answers into ApiError.

// The server's own definition: a plain type, no decorators behind it.
import type { Link } from '../../src/get-timeline/link';

export interface Party {
  code: string;
  name: string;
  kind: 'country' | 'organisation';
}

export interface Source {
  url: string;
  publisher?: string;
  publishedAt?: string;
}

/** A sanctioned entity: a plain name, or a name with its register ids. */
export type Entity = string | { name: string; ids?: { opensanctions?: string; wikidata?: string } };

export interface Measure {
  id: string;
  kind: string;
  description?: string;
  items?: number;
  entities?: Entity[];
  status: 'active' | 'lifted';
  since: string;
  liftedAt?: string;
  delisted?: { name: string; delistedAt: string }[];
}

interface Since {
  since: string;
  eventId: string;
  /** With inherit=true: the organisation, of one party, whose entry with the other party this is. */
  via?: string;
}

export interface SanctionsPackage {
  id: string;
  /** With inherit=true: the organisation, of one party, whose package this is. */
  via?: string;
  imposedBy: string;
  target: string;
  since: string;
  status: 'active' | 'suspended' | 'lapsed' | 'lifted';
  expiresAt: string | null;
  renewals: { eventId: string; renewedAt: string; expiresAt: string }[];
  program?: string;
  measures: Measure[];
  liftedMeasures: Measure[];
  suspension?: { since: string; until: string | null; eventId: string };
  liftedAt?: string;
}

export type RelationsStatus = 'unrecorded' | 'normal' | 'downgraded' | 'severed';

export interface RelationState {
  pair: [string, string];
  asOf: string;
  knownAt: string;
  revision: number;
  diplomaticRelations: {
    status: RelationsStatus;
    level: 'charge-d-affaires' | 'interests-section' | null;
    by: string | null;
    since: string | null;
    eventId: string | null;
  };
  ambassadors: ({ of: string; in: string; status: 'present' | 'recalled' | 'expelled' } & Since)[];
  missions: ({ of: string; in: string; mission: string; city?: string; status: 'open' | 'closed' } & Since)[];
  sanctions: SanctionsPackage[];
  talks: ({ track: string; status: string; by: string } & Since)[];
  visaRegimes: ({ regime: string; grantedBy: string; beneficiary: string; status: string } & Since)[];
  cooperation: ({ framework: string; status: string; by: string } & Since)[];
  membership: ({ member: string; organisation: string; status: 'member' | 'left' } & Since)[];
  disputes: ({
    forum: string;
    caseId: string;
    status: 'active' | 'ruled' | 'withdrawn' | 'settled';
    complainant?: string;
    onBehalfOf?: string;
    outcome?: string;
  } & Since)[];
  incidents: Record<string, number>;
  index: { score: number; actions: number; average: number | null; standing: number };
  eventCount: number;
  lastEventAt?: string;
}

export interface LedgerEvent {
  eventId: string;
  type: string;
  actor?: string;
  target?: string;
  occurredAt?: string;
  details?: Record<string, unknown>;
  summary?: string;
  sources?: Source[];
  formality?: 'formal' | 'informal' | 'denied';
  datePrecision?: 'day' | 'month' | 'year';
  announcedAt?: string;
  inResponseTo?: string[];
  tags?: string[];
  /** Amendments: the action a retraction or correction is about, and why. */
  retracts?: string;
  corrects?: string;
  reason?: string;
  recordedAt: string;
  position: number;
  retractedBy?: string;
  correctedBy?: string[];
}

/** Another action, named by a link. */
export type { Link };

export type TimelineAction = LedgerEvent & {
  actor: string;
  target: string;
  occurredAt: string;
  retracted: boolean;
  respondsTo: Link[];
  respondedBy: Link[];
};

export interface Timeline {
  pair: [string, string];
  knownAt: string;
  actions: TimelineAction[];
}

export interface IndexMonth {
  month: string;
  score: number;
  count: number;
  cumulative: number;
  standing: number;
}

export interface IndexStep {
  eventId: string;
  type: string;
  occurredAt: string;
  score: number;
  cumulative: number;
  standing: number;
}

export interface RelationsIndex {
  knownAt: string;
  months: IndexMonth[];
  actions: IndexStep[];
}

export interface CounterpartRow {
  counterpart: string;
  name: string;
  diplomaticRelations: RelationsStatus;
  sanctionsImposed: SanctionsPackage[];
  sanctionsReceived: SanctionsPackage[];
  index: { score: number };
  eventCount: number;
}

export interface CountryRelations {
  code: string;
  name: string;
  asOf: string;
  knownAt: string;
  counterparts: CounterpartRow[];
}

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** A path under /v1 with the query parameters that are set. */
export function apiPath(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return `/v1/${path}${q ? `?${q}` : ''}`;
}

const pathOf = (...codes: string[]) => codes.map(encodeURIComponent).join('/');

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'No answer', 'the service cannot be reached; check your connection and try again');
  }
  const text = await res.text();
  let body: { error?: string; message?: string } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const message = body?.message ?? (text.trim().slice(0, 300) || 'no details given');
    throw new ApiError(res.status, body?.error ?? res.statusText, message);
  }
  if (body === undefined) throw new ApiError(res.status, 'Unreadable answer', 'the service did not answer JSON');
  return body as T;
}

export const api = {
  parties: () => get<{ parties: Party[] }>(apiPath('parties')),
  /** With the sanctions packages suspended or lapsed on that date, which the page shows beside those in force. */
  state: (a: string, b: string, asOf?: string, knownAt?: string, signal?: AbortSignal) =>
    get<RelationState>(
      apiPath(`relations/${pathOf(a, b)}`, { asOf, knownAt, inherit: 'true', include: 'suspended,lapsed' }),
      signal,
    ),
  timeline: (a: string, b: string, knownAt?: string) =>
    get<Timeline>(apiPath(`relations/${pathOf(a, b)}/timeline`, { knownAt })),
  index: (a: string, b: string, knownAt?: string) =>
    get<RelationsIndex>(apiPath(`relations/${pathOf(a, b)}/index`, { knownAt })),
  event: (id: string) => get<LedgerEvent>(apiPath(`events/${pathOf(id)}`)),
  country: (c: string, asOf?: string, knownAt?: string, signal?: AbortSignal) =>
    get<CountryRelations>(apiPath(`countries/${pathOf(c)}/relations`, { asOf, knownAt, inherit: 'true' }), signal),
};
