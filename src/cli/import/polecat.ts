import { party } from './cameo';
import { eventKey, Report, Skip } from './reports';
import { derivedId } from './rows';

/**
 * The PLOVER events (type, mode, context) that the catalogue expresses without guessing. PLOVER's SANCTION is
 * any reduction of relations: its `discontinue` mode covers international sanctions and curtailed diplomatic
 * exchanges, told apart by the context. Every other combination is skipped with the reason.
 */
export const POLECAT_MAPPING: {
  event: string;
  mode: string;
  context: string;
  /** Not with this context too: it would make the event another type. */
  unless?: string;
  type: string;
  details: Record<string, unknown>;
}[] = [
  {
    event: 'SANCTION',
    mode: 'discontinue',
    context: 'economic',
    type: 'SanctionsImposed',
    details: { measures: [{ kind: 'other', description: 'PLOVER SANCTION discontinue, economic context' }] },
  },
  {
    event: 'SANCTION',
    mode: 'discontinue',
    context: 'diplomatic',
    unless: 'economic',
    type: 'DiplomaticRelationsDowngraded',
    details: {},
  },
  { event: 'ACCUSE', mode: 'disapprove', context: 'diplomatic', type: 'ProtestLodged', details: {} },
];

/** Why some PLOVER events that sound like catalogue types are skipped all the same. */
const NOT_EXPRESSED: Record<string, string> = {
  'SANCTION/expel': 'DiplomatsExpelled needs the number of diplomats, which POLECAT does not give',
  'SANCTION/withdraw': 'withdrawn diplomats, aid or observers: not only an ambassador recalled',
  'REJECT/meet': 'a meeting refused or cancelled: not talks suspended',
};

/** POLECAT's weekly files: tab-separated, with a header of these names among others. */
const COLUMNS = {
  id: 'Event ID',
  date: 'Event Date',
  event: 'Event Type',
  mode: 'Event Mode',
  contexts: 'Contexts',
  intensity: 'Event Intensity',
  actor: 'Actor Country',
  actorSector: 'Primary Actor Sector',
  recipient: 'Recipient Country',
} as const;

export const isPolecatHeader = (header: string[]) =>
  [COLUMNS.event, COLUMNS.actor, COLUMNS.recipient].every((c) => header.includes(c));

/** A list cell: POLECAT separates modes and contexts with `;` (some releases `,`). */
const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[;,|]/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);

/** The state itself, or its government: the actors whose acts are a state's. */
const STATE = new Set(['', 'gov', 'government']);

/** A POLECAT row as a report of an event, or why it is skipped. */
export function fromPolecatRow(row: Record<string, string>, line: number): Report | Skip {
  const skip = (reason: string): Skip => ({ kind: 'skip', line, reason });
  const event = (row[COLUMNS.event] ?? '').trim().toUpperCase();
  const modes = list(row[COLUMNS.mode]);
  const contexts = list(row[COLUMNS.contexts]);
  const rule = POLECAT_MAPPING.find(
    (r) =>
      r.event === event &&
      modes.includes(r.mode) &&
      contexts.includes(r.context) &&
      !(r.unless && contexts.includes(r.unless)),
  );
  const what = `PLOVER ${event || '(none)'}${modes.length ? `/${modes.join(',')}` : ''}`;
  if (!rule) {
    const why = modes.map((m) => NOT_EXPRESSED[`${event}/${m}`]).find(Boolean);
    return skip(
      `${what}${contexts.length ? ` (${contexts.join(', ')})` : ''} has no catalogue type${why ? `: ${why}` : ''}`,
    );
  }
  const actor = party(row[COLUMNS.actor]);
  const target = party(row[COLUMNS.recipient]);
  if (!actor || !target) return skip('actor or recipient is not a country we know');
  if (actor === target) return skip(`actor and recipient are both ${actor}`);
  const sector = (row[COLUMNS.actorSector] ?? '').trim();
  if (!STATE.has(sector.toLowerCase()))
    return skip(`the actor is of sector ${sector}, not the state or its government`);
  const day = /^\d{4}-\d{2}-\d{2}/.exec(row[COLUMNS.date] ?? '')?.[0];
  if (!day) return skip(`Event Date ${row[COLUMNS.date] || '(none)'} is not a YYYY-MM-DD date`);
  const intensity = Number(row[COLUMNS.intensity] || NaN);
  const key = eventKey(actor, target, rule.type, day);
  return {
    line,
    key,
    row: row[COLUMNS.id] || String(line),
    ...(Number.isFinite(intensity) && { qualifier: `POLECAT intensity ${intensity}` }),
    body: {
      type: rule.type,
      actor,
      target,
      occurredAt: day,
      details: rule.details,
      summary: `Imported from POLECAT: ${what} (${contexts.join(', ')})`,
      eventId: derivedId('polecat', key),
    },
  };
}
