import { ActionType } from '../../src/domain/catalogue/catalogue';
import { MEASURE_KINDS } from '../../src/domain/areas/sanctions';
import { parties } from '../../src/domain/codes';
import { Pair, pairOf, streamOf } from '../../src/domain/pair';
import { NewEvent } from '../../src/event-store/event-store.port';
import { Rng, rng, weighted } from './random';

/** A POST /v1/events body. */
export interface ActionBody {
  type: ActionType;
  actor: string;
  target: string;
  occurredAt: string;
  details: Record<string, unknown>;
  summary?: string;
  sources?: { url: string; publisher?: string }[];
}

/** One event as the ledger would record it, with the transaction time the generator gives it. */
export interface GeneratedEvent {
  stream: string;
  event: NewEvent;
  recordedAt: number;
  /** Set for actions: the body a client would have posted. */
  body?: ActionBody;
}

export interface Shape {
  /** Events in the log. */
  events: number;
  /** Distinct pairs (about; a few draws collide). */
  pairs: number;
  /** Share of the log in the one long-history pair (RU–UA). */
  hotShare: number;
  seed?: number;
}

export const HOT_PAIR: Pair = pairOf('RU', 'UA');
const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** Transaction times run over 25 years, so knownAt in the past has somewhere to land. */
const FIRST_RECORDED = Date.UTC(2000, 0, 1);
const LAST_RECORDED = Date.UTC(2025, 0, 1);

/** Relative frequencies, roughly as in GDELT/ICEWS: protests and talks common, severing rare. */
const TYPE_WEIGHTS: [ActionType, number][] = [
  ['ProtestLodged', 18],
  ['DiplomatsExpelled', 6],
  ['SanctionsImposed', 9],
  ['SanctionsLifted', 4],
  ['TalksOpened', 6],
  ['TalksResumed', 4],
  ['TalksSuspended', 4],
  ['TalksTerminated', 2],
  ['VisaRegimeGranted', 3],
  ['VisaRegimeRevoked', 2],
  ['CooperationLaunched', 6],
  ['CooperationResumed', 3],
  ['CooperationSuspended', 4],
  ['CooperationTerminated', 2],
  ['DiplomaticRelationsDowngraded', 2],
  ['DiplomaticRelationsSevered', 1],
  ['DiplomaticRelationsRestored', 1],
  ['AmbassadorRecalled', 3],
  ['AmbassadorReturned', 3],
];
const TRACKS = ['peace-treaty', 'trade', 'border-demarcation', 'nuclear', 'fisheries', 'prisoner-exchange'];
const REGIMES = ['visa-free', 'e-visa', 'visa-on-arrival', 'visa-free-border-areas'];
const FRAMEWORKS = ['joint-economic-activities', 'sectoral-dialogue', 'science-technology', 'energy', 'customs'];
const PUBLISHERS = ['Reuters', 'AP', 'AFP', 'TASS', 'Kyodo', 'BBC', 'Xinhua'];

/** About 200 parties: 182 countries and the 18 organisations. */
export function partyCodes(): string[] {
  const all = parties();
  return [
    ...all.filter((p) => p.kind === 'country').slice(0, 182),
    ...all.filter((p) => p.kind === 'organisation'),
  ].map((p) => p.code);
}

interface Recent {
  eventId: string;
  type: ActionType;
  actor: string;
  target: string;
  at: number;
}

/**
 * Generates a realistic log in recording order: pairs drawn with a Zipf-like skew (a few
 * long histories, a long tail), one pair holding `hotShare` of the log, late records
 * (valid times years before the recording), future-dated sanctions, about 1% retractions
 * and 1% corrections of recent actions, sanctions lifted by id or by kind.
 */
export function* generateLog(shape: Shape): Generator<GeneratedEvent> {
  const r = rng(shape.seed ?? 42);
  const pairs = drawPairs(r, shape.pairs);
  // Zipf with s = 0.7 over the other pairs; the hot pair takes its fixed share on top.
  const tail = pairs.slice(1).map((_, i) => 1 / Math.pow(i + 1, 0.7));
  const tailSum = tail.reduce((a, b) => a + b, 0);
  const pickPair = weighted([(tailSum * shape.hotShare) / (1 - shape.hotShare), ...tail], r.next);
  const pickType = weighted(
    TYPE_WEIGHTS.map(([, w]) => w),
    r.next,
  );
  const recent = new Map<string, Recent[]>();
  const retracted = new Set<string>();
  const span = LAST_RECORDED - FIRST_RECORDED;

  for (let i = 0; i < shape.events; i++) {
    const recordedAt = FIRST_RECORDED + Math.floor((span * i) / shape.events);
    const pair = pairs[pickPair()];
    const stream = streamOf(pair);
    const history = recent.get(stream) ?? [];
    const roll = r.next();
    const target = history.length ? r.pick(history) : undefined;
    if (roll < 0.01 && target && !retracted.has(target.eventId)) {
      retracted.add(target.eventId);
      const data = { retracts: target.eventId, reason: 'reported in error' };
      yield { stream, recordedAt, event: event(r, 'ActionRetracted', data) };
      continue;
    }
    if (roll < 0.02 && target && !retracted.has(target.eventId)) {
      // Half the corrections move the valid time, half fix the details.
      const data =
        r.next() < 0.5 || !hasDetails(target.type)
          ? { corrects: target.eventId, reason: 'date confirmed', occurredAt: day(target.at + (r.int(60) - 30) * DAY) }
          : { corrects: target.eventId, reason: 'details confirmed', details: details(r, target.type, [], target) };
      yield { stream, recordedAt, event: event(r, 'ActionCorrected', data) };
      continue;
    }
    const type = TYPE_WEIGHTS[pickType()][0];
    const [actor, other] = r.next() < 0.5 ? pair : [pair[1], pair[0]];
    const at = validTime(r, type, recordedAt);
    const body: ActionBody = {
      type,
      actor,
      target: other,
      occurredAt: r.next() < 0.9 ? day(at) : new Date(at).toISOString(),
      details: details(r, type, history, { actor, target: other }),
      ...(r.next() < 0.6 && { summary: `${actor} ${type} ${other}: ${'statement '.repeat(1 + r.int(8))}`.trim() }),
      ...(r.next() < 0.8 && {
        sources: [{ url: `https://news.example/${r.int(1e9)}`, publisher: r.pick(PUBLISHERS) }],
      }),
    };
    const { type: _, ...data } = body;
    const e = event(r, type, data);
    history.push({ eventId: e.eventId, type, actor, target: other, at: Date.parse(body.occurredAt) });
    if (history.length > 40) history.shift();
    recent.set(stream, history);
    yield { stream, recordedAt, event: e, body };
  }
}

function drawPairs(r: Rng, count: number): Pair[] {
  const codes = partyCodes();
  const seen = new Set<string>([streamOf(HOT_PAIR)]);
  const pairs: Pair[] = [HOT_PAIR];
  for (let tries = 0; pairs.length < count && tries < count * 10; tries++) {
    const a = r.pick(codes);
    const b = r.pick(codes);
    const pair = pairOf(a, b);
    if (a === b || seen.has(streamOf(pair))) continue;
    seen.add(streamOf(pair));
    pairs.push(pair);
  }
  return pairs;
}

/** Mostly reported within a month; 6% late records years back; some sanctions take effect later. */
function validTime(r: Rng, type: ActionType, recordedAt: number): number {
  const roll = r.next();
  if (roll < 0.06) return Math.max(Date.UTC(1990, 0, 1), recordedAt - YEAR - r.int(14 * YEAR));
  if (type === 'SanctionsImposed' && roll < 0.3) return recordedAt + (1 + r.int(90)) * DAY;
  return recordedAt - r.int(30 * DAY);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hasDetails = (type: ActionType) => !/^(DiplomaticRelations|Ambassador)/.test(type);

function details(
  r: Rng,
  type: ActionType,
  history: Recent[],
  parties: { actor: string; target: string },
): Record<string, unknown> {
  switch (type) {
    case 'SanctionsImposed':
      return {
        measures: Array.from({ length: 1 + r.int(3) }, () => ({
          kind: r.pick(MEASURE_KINDS),
          ...(r.next() < 0.5 && { items: 1 + r.int(500) }),
          ...(r.next() < 0.3 && {
            entities: Array.from({ length: 1 + r.int(5) }, (_, i) => `Entity ${r.int(1e6)}-${i}`),
          }),
        })),
      };
    case 'SanctionsLifted': {
      const pkg = history.find(
        (h) => h.type === 'SanctionsImposed' && h.actor === parties.actor && h.target === parties.target,
      );
      return pkg && r.next() < 0.5 ? { sanctionsId: pkg.eventId } : { kinds: [r.pick(MEASURE_KINDS)] };
    }
    case 'TalksOpened':
    case 'TalksResumed':
    case 'TalksSuspended':
    case 'TalksTerminated':
      return { track: r.pick(TRACKS) };
    case 'VisaRegimeGranted':
    case 'VisaRegimeRevoked':
      return { regime: r.pick(REGIMES) };
    case 'CooperationLaunched':
    case 'CooperationResumed':
    case 'CooperationSuspended':
    case 'CooperationTerminated':
      return { framework: r.pick(FRAMEWORKS) };
    case 'DiplomatsExpelled':
      return { count: 1 + r.int(40) };
    case 'ProtestLodged':
      return r.next() < 0.7 ? { subject: r.pick(['airspace violation', 'detention', 'statement', 'exercise']) } : {};
    default:
      return {};
  }
}

function event(r: Rng, type: string, data: unknown): NewEvent {
  return { eventId: r.uuid(), type, data, metadata: { recordedBy: 'bench' } };
}

/** Action bodies only, for the HTTP writes and imports: a realistic mix over realistic pairs. */
export function actionBodies(count: number, seed = 7): ActionBody[] {
  const bodies: ActionBody[] = [];
  // Lifts by sanctionsId would need the package to exist on the target service: keep lifts by kind there.
  for (const g of generateLog({ events: count * 2, pairs: 3000, hotShare: 0.02, seed })) {
    if (!g.body) continue;
    const b = g.body;
    bodies.push(b.details.sanctionsId ? { ...b, details: { kinds: ['financial'] } } : b);
    if (bodies.length === count) break;
  }
  return bodies;
}
