import { RelationState, SanctionsPackage } from './api';
import { dayPart } from './dates';
import { measureItem } from './describe';
import { h } from './dom';
import { formatDate, formatScore, plural, slugLabel, typeLabel } from './format';
import { Parties } from './parties';

type Row = { key: string; name: string; status: string; note: string; since: string };

/** What a status reads as, where its code is not plain words. */
const WORDS: Record<string, string> = { unrecorded: 'not recorded' };

/** A status as a coloured word: green for working relations, amber for strained, red for broken, grey for none. */
export const badge = (status: string) => h('span', { class: `badge status ${status}` }, WORDS[status] ?? status);

/**
 * The state of a pair on one date, area by area. Every row carries a data attribute naming
 * its area and key (`data-talks="peace-treaty"`), so a reader (or a test) can find it.
 */
export function renderState(s: RelationState, parties: Parties, [a, b]: [string, string]): HTMLElement {
  const n = parties.name;
  // Since when, by whom where the entry has an author, and, for an entry inherited from an organisation of one
  // party (inherit=true), through which membership: the wording of the inherited sanctions.
  const since = (x: { since: string; via?: string }, by?: string) =>
    `since ${formatDate(x.since)}${by ? ` · by ${n(by)}` : ''}${x.via ? ` · via membership of ${n(x.via)}` : ''}`;
  const day = s.asOf.slice(0, 10);
  return h(
    'div',
    { class: 'state' },
    h(
      'section',
      { class: 'block', 'data-block': 'relations', 'data-area': 'diplomaticRelations' },
      h('h3', {}, 'Diplomatic relations'),
      relationsLine(s.diplomaticRelations, n),
    ),
    rows(
      ['talks', 'talks'],
      'Talks',
      s.talks.map((t) => ({
        key: t.track,
        name: slugLabel(t.track),
        status: t.status,
        note: since(t, t.by),
        since: t.since,
      })),
      day,
    ),
    rows(
      ['visa', 'visaRegimes'],
      'Visa regimes',
      s.visaRegimes.map((v) => ({
        key: v.regime,
        name: slugLabel(v.regime),
        status: v.status,
        note: `${n(v.grantedBy)} for nationals of ${n(v.beneficiary)} · ${since(v)}`,
        since: v.since,
      })),
      day,
    ),
    rows(
      ['cooperation', 'cooperation'],
      'Cooperation',
      s.cooperation.map((c) => ({
        key: c.framework,
        name: slugLabel(c.framework),
        status: c.status,
        note: since(c, c.by),
        since: c.since,
      })),
      day,
    ),
    rows(
      ['mission', 'missions'],
      'Missions',
      s.missions.map((m) => ({
        key: `${m.of}>${m.in}|${m.mission}|${m.city ?? ''}`,
        name: `${n(m.of)}’s ${slugLabel(m.mission)} in ${m.city ?? n(m.in)}`,
        status: m.status,
        note: since(m),
        since: m.since,
      })),
      day,
    ),
    rows(
      ['dispute', 'disputes'],
      'Disputes',
      s.disputes.map((d) => ({
        key: `${d.forum}|${d.caseId}`,
        name: `${d.forum} ${d.caseId.length > 20 ? 'case' : d.caseId}${d.complainant ? `, brought by ${n(d.complainant)}` : ''}${d.onBehalfOf ? ` for ${n(d.onBehalfOf)}` : ''}`,
        // A case pending is a strain, not a working tie: it reads "pending", in amber.
        status: d.status === 'active' ? 'pending' : d.status,
        note: `${d.outcome ? `${d.outcome} · ` : ''}${since(d)}`,
        since: d.since,
      })),
      day,
    ),
    rows(
      ['membership', 'membership'],
      'Membership',
      s.membership.map((m) => ({
        key: `${m.member}>${m.organisation}`,
        name: `${n(m.member)} in ${n(m.organisation)}`,
        status: m.status,
        note: since(m),
        since: m.since,
      })),
      day,
    ),
    rows(
      ['ambassador', 'ambassadors'],
      'Ambassadors',
      s.ambassadors.map((x) => ({
        key: `${x.of}>${x.in}`,
        name: `${n(x.of)}’s ambassador in ${n(x.in)}`,
        status: x.status,
        note: since(x),
        since: x.since,
      })),
      day,
    ),
    h(
      'section',
      { class: 'block', 'data-block': 'sanctions', 'data-area': 'sanctions' },
      h('h3', {}, 'Sanctions'),
      sanctionsOf(s.sanctions, a, b, n),
      sanctionsOf(s.sanctions, b, a, n),
      inheritedSides(s.sanctions).map(([by, on]) => sanctionsOf(s.sanctions, by, on, n)),
    ),
    h(
      'section',
      { class: 'block', 'data-block': 'incidents', 'data-area': 'incidents' },
      h('h3', {}, 'Incidents so far'),
      Object.entries(s.incidents).filter(([, k]) => k > 0).length
        ? h(
            'p',
            {},
            Object.entries(s.incidents)
              .filter(([, k]) => k > 0)
              .map(([type, k]) => h('span', { class: 'chip' }, `${typeLabel(type)}: ${k}`)),
          )
        : h('p', { class: 'muted' }, 'None recorded.'),
    ),
    h(
      'p',
      { class: 'index-line' },
      'Relations index on this date: ',
      h('strong', {}, formatScore(s.index.score)),
      ` over ${plural(s.index.actions, 'action')}`,
      s.index.average !== null ? ` (average ${formatScore(s.index.average)})` : '',
      '; standing (what is in force): ',
      h('strong', { 'data-standing': s.index.standing }, formatScore(s.index.standing)),
    ),
  );
}

/** The relations' status, the level they went down to, and who set them when. */
function relationsLine(r: RelationState['diplomaticRelations'], name: (c: string) => string) {
  return h(
    'p',
    { 'data-relations': r.status, ...(r.level && { 'data-level': r.level }), ...(r.by && { 'data-by': r.by }) },
    badge(r.status),
    r.level ? h('span', { class: 'level' }, ` to ${LEVEL_WORDS[r.level]} level`) : '',
    r.since && r.by ? h('span', { class: 'muted' }, ` · by ${name(r.by)}, since ${formatDate(r.since)}`) : '',
    r.status === 'unrecorded' ? h('span', { class: 'muted' }, ' · no action on these relations is recorded') : '',
  );
}

const LEVEL_WORDS = { 'charge-d-affaires': 'chargé d’affaires', 'interests-section': 'interests section' } as const;

/** The sides (imposer, target) of the packages inherited from the parties' organisations, each once. */
const inheritedSides = (all: SanctionsPackage[]) => [
  ...new Map(
    all.filter((p) => p.via).map((p) => [`${p.imposedBy}>${p.target}`, [p.imposedBy, p.target] as const]),
  ).values(),
];

function sanctionsOf(all: SanctionsPackage[], by: string, on: string, name: (c: string) => string) {
  const packages = all.filter((p) => p.imposedBy === by && p.target === on);
  const via = packages.find((p) => p.via)?.via;
  const inForce = packages.filter((p) => p.status === 'active').length;
  return h(
    'div',
    { class: 'sanctions', 'data-sanctions': `${by}>${on}`, ...(via && { 'data-via': via }) },
    h(
      'h4',
      {},
      `${name(by)} → ${name(on)}`,
      h(
        'span',
        { class: 'muted' },
        ` · ${plural(inForce, 'package')} in force${via ? ` · via membership of ${name(via)}` : ''}`,
      ),
    ),
    packages.length
      ? h(
          'ul',
          { class: 'packages' },
          packages.map((p) =>
            h(
              'li',
              { 'data-package': p.id },
              badge(p.status),
              h('span', { class: 'muted' }, ` since ${formatDate(p.since)}`),
              p.program ? h('span', { class: 'program' }, ` · ${p.program}`) : '',
              lifeOf(p),
              h(
                'ul',
                { class: 'measures' },
                [...p.measures, ...p.liftedMeasures].map((m) => measureItem(m)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'None.'),
  );
}

/** A package's expiry, renewals and suspension, in a line. */
function lifeOf(p: SanctionsPackage) {
  const parts = [
    p.expiresAt && `${p.status === 'lapsed' ? 'lapsed after' : 'in force until'} ${formatDate(p.expiresAt)}`,
    p.renewals.length &&
      `renewed ${plural(p.renewals.length, 'time')}, last on ${formatDate(p.renewals[p.renewals.length - 1].renewedAt)}`,
    p.suspension &&
      `suspended since ${formatDate(p.suspension.since)}${p.suspension.until ? ` until ${formatDate(p.suspension.until)}` : ''}`,
  ].filter(Boolean);
  return parts.length ? h('p', { class: 'life muted small' }, parts.join(' · ')) : '';
}

/** Rows of one area (its block's name, and its name in the HTTP contract); those that changed on `day` say so. */
function rows([area, contractArea]: [string, string], title: string, items: Row[], day: string) {
  return h(
    'section',
    { class: 'block', 'data-block': area, 'data-area': contractArea },
    h('h3', {}, title),
    items.length
      ? h(
          'ul',
          { class: 'rows' },
          items.map((r) =>
            h(
              'li',
              { [`data-${area}`]: r.key },
              h('span', { class: 'name' }, r.name),
              badge(r.status),
              dayPart(r.since) === day ? h('span', { class: 'fresh' }, 'changed on this date') : null,
              h('span', { class: 'note muted' }, r.note),
            ),
          ),
        )
      : h('p', { class: 'muted', [`data-${area}-none`]: true }, 'None recorded.'),
  );
}
