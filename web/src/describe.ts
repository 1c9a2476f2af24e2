import { Measure, Source, TimelineAction } from './api';
import { h, safeLink } from './dom';
import { capitalise, formatDate, plural, slugLabel } from './format';
import { Parties } from './parties';

/** A measure: its kind, what it covers, and the entities the record names. */
export function measureItem(m: Measure): HTMLElement {
  const named = (m.entities ?? []).map((e) => (typeof e === 'string' ? e : e.name));
  return h(
    'li',
    {},
    h('strong', {}, capitalise(slugLabel(m.kind))),
    m.items !== undefined ? ` · ${plural(m.items, 'item')}` : '',
    m.description ? h('span', { class: 'description' }, ` · ${m.description}`) : '',
    named.length
      ? h(
          'span',
          { class: 'named muted' },
          ` · Named: ${named.slice(0, 5).join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''}`,
        )
      : '',
  );
}

/** What an action's details say, in a few words. */
export function detailsText(details: Record<string, unknown> | undefined): string | undefined {
  if (!details) return undefined;
  const d = details as {
    track?: string;
    regime?: string;
    framework?: string;
    count?: number;
    subject?: string;
    kinds?: string[];
    sanctionsId?: string;
    measures?: Measure[];
  };
  if (d.track) return `Track: ${slugLabel(d.track)}`;
  if (d.regime) return `Regime: ${slugLabel(d.regime)}`;
  if (d.framework) return `Framework: ${slugLabel(d.framework)}`;
  if (d.count !== undefined) return plural(d.count, 'diplomat');
  if (d.subject) return `On: ${d.subject}`;
  if (d.kinds) return `Lifts: ${d.kinds.map(slugLabel).join(', ')}`;
  if (d.sanctionsId) return 'Lifts an earlier package';
  if (d.measures) return d.measures.map((m) => capitalise(slugLabel(m.kind))).join(', ');
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
