import { LedgerEvent, Link, Timeline, TimelineAction } from './api';
import { dayPart } from './dates';
import { actionAnchor, detailsText, direction, sourcesList } from './describe';
import { fill, h } from './dom';
import { formatDate, formatInstant, formatScore, typeLabel } from './format';
import { Parties } from './parties';
import { viewUrl } from './url';

/**
 * The pair's actions in valid-time order, with their sources. Retracted actions stay listed,
 * struck through; corrected ones say so. Actions after the chosen date are dimmed.
 */
export class TimelineList {
  readonly el = h('ol', { class: 'timeline' });
  private items: { li: HTMLElement; day: string }[] = [];
  private readonly marker = h('li', { class: 'now-marker', 'aria-hidden': 'true' });

  constructor(
    private readonly parties: Parties,
    private readonly onPick: (date: string) => void,
  ) {}

  setData(t: Timeline, scores: Map<string, number>, amendments: Map<string, LedgerEvent>) {
    if (!t.actions.length) {
      this.items = [];
      return fill(this.el, h('li', { class: 'muted' }, 'No actions recorded for this pair.'));
    }
    this.items = t.actions.map((a) => ({
      li: this.item(a, scores.get(a.eventId), amendments),
      day: dayPart(a.occurredAt),
    }));
    fill(
      this.el,
      this.items.map((i) => i.li),
    );
  }

  setAsOf(date: string) {
    for (const i of this.items) i.li.classList.toggle('after', i.day > date);
    const next = this.items.find((i) => i.day > date);
    this.marker.textContent = `The state shown: ${formatDate(date)}`;
    if (next) this.el.insertBefore(this.marker, next.li);
    else this.el.append(this.marker);
    // Where the list scrolls on its own (wide screens), keep the chosen date in sight.
    if (this.el.scrollHeight > this.el.clientHeight) {
      const offset = this.marker.getBoundingClientRect().top - this.el.getBoundingClientRect().top;
      this.el.scrollTop += offset - this.el.clientHeight / 2;
    }
  }

  private item(a: TimelineAction, score: number | undefined, amendments: Map<string, LedgerEvent>) {
    const tone = score === undefined ? 'zero' : score > 0 ? 'pos' : score < 0 ? 'neg' : 'zero';
    const retraction = a.retractedBy ? amendments.get(a.retractedBy) : undefined;
    const corrections = (a.correctedBy ?? []).map((id) => amendments.get(id));
    return h(
      'li',
      {
        id: actionAnchor(a),
        class: `item ${tone}${a.retracted ? ' retracted' : ''}${corrections.length ? ' corrected' : ''}`,
        'data-event-id': a.eventId,
      },
      h(
        'div',
        { class: 'item-head' },
        h(
          'button',
          {
            type: 'button',
            class: 'date link',
            title: 'Show the state on this date',
            onclick: () => this.onPick(dayPart(a.occurredAt)),
          },
          formatDate(a.occurredAt),
        ),
        h('span', { class: 'type' }, typeLabel(a.type)),
        score !== undefined ? h('span', { class: `score ${tone}` }, formatScore(score)) : null,
      ),
      h(
        'p',
        { class: 'who' },
        direction(this.parties, a),
        detailsText(a.type, a.details) ? ` · ${detailsText(a.type, a.details)}` : '',
      ),
      qualifiersLine(a),
      linksLine('In response to', 'responds-to', a.respondsTo, this.parties),
      linksLine('Answered by', 'responded-by', a.respondedBy, this.parties),
      a.retracted ? h('p', { class: 'flag retracted-flag' }, 'Retracted', amended(retraction, a.retractedBy)) : null,
      corrections.length
        ? h(
            'p',
            { class: 'flag corrected-flag' },
            'Corrected',
            corrections.map((c, i) => amended(c, a.correctedBy![i])),
          )
        : null,
      a.summary ? h('p', { class: 'summary' }, a.summary) : null,
      sourcesList(a.sources),
    );
  }
}

/** When and why an amendment was recorded, when the page could read it. */
function amended(e: LedgerEvent | undefined, id: string | undefined) {
  if (!e) return id ? h('span', { class: 'muted' }, ` (${id.slice(0, 8)}…)`) : null;
  return h('span', { class: 'muted' }, ` on ${formatInstant(e.recordedAt)}${e.reason ? `: ${e.reason}` : ''}`);
}

const FORMALITY_WORDS = { informal: 'informal', denied: 'officially denied' } as const;

/** How formal the action was, how precisely it is dated, when it was announced, its tags: what it says of itself. */
function qualifiersLine(a: TimelineAction) {
  const parts = [
    a.formality && a.formality !== 'formal'
      ? h(
          'span',
          { class: `chip formality ${a.formality}`, 'data-formality': a.formality },
          FORMALITY_WORDS[a.formality],
        )
      : null,
    a.datePrecision && a.datePrecision !== 'day'
      ? h('span', { class: 'muted', 'data-precision': a.datePrecision }, `dated to the ${a.datePrecision}`)
      : null,
    a.announcedAt
      ? h('span', { class: 'muted', 'data-announced': a.announcedAt }, `announced ${formatDate(a.announcedAt)}`)
      : null,
    ...(a.tags ?? []).map((t) => h('span', { class: 'chip tag', 'data-tag': t }, t)),
  ].filter((x) => x !== null);
  return parts.length
    ? h(
        'p',
        { class: 'qualifiers small' },
        parts.flatMap((x, i) => (i ? [' ', x] : [x])),
      )
    : null;
}

/** Actions this one answers, or that answer it, each a link to its pair on its date. */
function linksLine(label: string, kind: string, links: Link[], parties: Parties) {
  if (!links.length) return null;
  return h(
    'p',
    { class: `links small ${kind}`, [`data-${kind}`]: links.map((l) => l.eventId).join(' ') },
    `${label}: `,
    links.flatMap((l, i) => [
      i ? '; ' : '',
      l.type && l.actor && l.target && l.occurredAt
        ? h(
            'a',
            {
              href: viewUrl({ a: l.actor, b: l.target, asOf: dayPart(l.occurredAt) }),
              'data-nav': true,
              'data-event-id': l.eventId,
            },
            `${typeLabel(l.type)}, ${direction(parties, { actor: l.actor, target: l.target })}, ${formatDate(l.occurredAt)}`,
          )
        : h('span', { class: 'muted' }, `an action not known then (${l.eventId.slice(0, 8)}…)`),
    ]),
  );
}
