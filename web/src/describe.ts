import { Entity, Measure, Source, TimelineAction } from './api';
import { h, safeLink } from './dom';
import { capitalise, formatDate, plural, slugLabel } from './format';
import { Parties } from './parties';

const nameOf = (e: Entity) => (typeof e === 'string' ? e : e.name);

/** A measure: its kind, extent and entities; a lifted one says when, and delisted entities are named. */
export function measureItem(m: Measure): HTMLElement {
  const named = (m.entities ?? []).map(nameOf);
  const delisted = m.delisted ?? [];
  return h(
    'li',
    { 'data-measure': m.id, class: m.status === 'lifted' ? 'lifted' : '' },
    h('strong', {}, capitalise(slugLabel(m.kind))),
    m.status === 'lifted' && m.liftedAt ? h('span', { class: 'muted' }, ` · lifted on ${formatDate(m.liftedAt)}`) : '',
    m.items !== undefined ? ` · ${plural(m.items, 'item')}` : '',
    m.description ? h('span', { class: 'description' }, ` · ${m.description}`) : '',
    named.length
      ? h(
          'span',
          { class: 'named muted' },
          ` · Named: ${named.slice(0, 5).join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''}`,
        )
      : '',
    delisted.length
      ? h(
          'span',
          { class: 'delisted muted' },
          ` · Delisted: ${delisted.map((d) => `${d.name} (${formatDate(d.delistedAt)})`).join(', ')}`,
        )
      : '',
  );
}

/** What a sanctions package's lifecycle action does to it, in a few words. */
function lifecycleText(type: string, d: SanctionsDetails): string | undefined {
  const kinds = (ms: Measure[]) => ms.map((m) => capitalise(slugLabel(m.kind))).join(', ');
  switch (type) {
    case 'SanctionsRenewed':
      return `Renews the package until ${formatDate(d.expiresAt!)}`;
    case 'SanctionsAmended':
      return [d.add && `Adds: ${kinds(d.add)}`, d.remove && `Takes out measures ${d.remove.join(', ')}`]
        .filter(Boolean)
        .join('; ');
    case 'SanctionsSuspended':
      return `Suspends the package${d.until ? ` until ${formatDate(d.until)}` : ''}`;
    case 'SanctionsReinstated':
      return 'Reinstates the suspended package';
    case 'SanctionsLifted':
      if (d.measureIds) return `Lifts measures ${d.measureIds.join(', ')} of the package`;
      if (d.entities) return `Delists: ${d.entities.join(', ')}`;
      return d.kinds ? `Lifts: ${d.kinds.map(slugLabel).join(', ')}` : 'Lifts the package';
    case 'SanctionsImposed':
      return `${kinds(d.measures ?? [])}${d.expiresAt ? `, until ${formatDate(d.expiresAt)}` : ''}`;
  }
  return undefined;
}

interface SanctionsDetails {
  measures?: Measure[];
  expiresAt?: string;
  add?: Measure[];
  remove?: string[];
  until?: string;
  kinds?: string[];
  measureIds?: string[];
  entities?: string[];
}

/** What an action's details say, in a few words. */
export function detailsText(type: string, details: Record<string, unknown> | undefined): string | undefined {
  if (!details) return undefined;
  if (type.startsWith('Sanctions')) return lifecycleText(type, details);
  const d = details as {
    track?: string;
    regime?: string;
    framework?: string;
    count?: number;
    subject?: string;
  };
  if (d.track) return `Track: ${slugLabel(d.track)}`;
  if (d.regime) return `Regime: ${slugLabel(d.regime)}`;
  if (d.framework) return `Framework: ${slugLabel(d.framework)}`;
  if (d.count !== undefined) return plural(d.count, 'diplomat');
  if (d.subject) return `On: ${d.subject}`;
  return undefined;
}

export const direction = (parties: Parties, a: { actor: string; target: string }) =>
  `${parties.name(a.actor)} → ${parties.name(a.target)}`;

/** The sources of an action, each a link that opens in a new tab. */
export function sourcesList(sources: Source[] | undefined) {
  if (!sources?.length) return h('p', { class: 'muted small' }, 'No source given.');
  return h(
    'ul',
    { class: 'sources' },
    sources.map((s) =>
      h(
        'li',
        {},
        safeLink(s.url, s.publisher ?? hostOf(s.url)),
        s.publishedAt ? h('span', { class: 'muted' }, ` · ${formatDate(s.publishedAt)}`) : null,
      ),
    ),
  );
}

function hostOf(url: string) {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export const actionAnchor = (a: TimelineAction) => `action-${a.eventId}`;
