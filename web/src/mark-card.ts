import { TimelineAction } from './api';
import { actionAnchor, detailsText, direction, sourcesList } from './describe';
import { fill, h } from './dom';
import { formatDate, formatScore, typeLabel } from './format';
import { Parties } from './parties';

/**
 * The card a chart mark opens: the action, its date, score and sources. Hover shows it for as
 * long as the pointer is on the mark or the card (so its links can be followed); a click pins it.
 */
export class MarkCard {
  readonly el = h('div', { class: 'mark-card', hidden: true });
  private pinned = false;
  private timer?: number;

  constructor(private readonly parties: Parties) {
    this.el.addEventListener('mouseenter', () => this.keep());
    this.el.addEventListener('mouseleave', () => this.hideSoon());
    this.el.addEventListener('focusin', () => this.keep());
    this.el.addEventListener('focusout', () => this.hideSoon());
    document.addEventListener('keydown', this.onKey);
  }

  destroy() {
    document.removeEventListener('keydown', this.onKey);
  }

  private readonly onKey = (e: KeyboardEvent) => e.key === 'Escape' && this.hide(true);

  show(action: TimelineAction, score: number, anchor: HTMLElement) {
    this.keep();
    this.pinned = false;
    this.render(action, score);
    this.el.hidden = false;
    this.place(anchor);
  }

  pin(action: TimelineAction, score: number, anchor: HTMLElement) {
    this.show(action, score, anchor);
    this.pinned = true;
  }

  hideSoon() {
    if (this.pinned) return;
    this.keep();
    this.timer = window.setTimeout(() => this.hide(), 250);
  }

  hide(unpin = false) {
    if (unpin) this.pinned = false;
    if (!this.pinned) this.el.hidden = true;
  }

  private keep() {
    window.clearTimeout(this.timer);
  }

  private render(a: TimelineAction, score: number) {
    const tone = score > 0 ? 'pos' : score < 0 ? 'neg' : 'zero';
    fill(
      this.el,
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => this.hide(true) }, '×'),
      h(
        'p',
        { class: 'when' },
        formatDate(a.occurredAt),
        ' · ',
        h('span', { class: `score ${tone}` }, formatScore(score)),
      ),
      h('h3', {}, typeLabel(a.type)),
      h('p', { class: 'who' }, direction(this.parties, a)),
      detailsText(a.type, a.details) ? h('p', { class: 'details' }, detailsText(a.type, a.details)) : null,
      a.summary ? h('p', { class: 'summary' }, a.summary) : null,
      sourcesList(a.sources),
      h('a', { class: 'goto', href: `#${actionAnchor(a)}` }, 'In the timeline ↓'),
    );
  }

  /**
   * Beside the mark when there is room (marks of one day stack up, and stay visible), else
   * below it or above it; never outside the chart.
   */
  private place(anchor: HTMLElement) {
    const host = (this.el.offsetParent ?? this.el.parentElement)?.getBoundingClientRect();
    if (!host) return;
    const at = anchor.getBoundingClientRect();
    const { width, height } = this.el.getBoundingClientRect();
    const clamp = (x: number, max: number) => Math.min(Math.max(x, 0), Math.max(max, 0));
    const [roomLeft, roomRight] = [at.left - host.left - 12, host.right - at.right - 12];
    let left: number;
    let top: number;
    if (Math.max(roomLeft, roomRight) >= width) {
      left = roomLeft >= width ? roomLeft - width : at.right - host.left + 12;
      top = clamp(at.top + at.height / 2 - host.top - height / 2, host.height - height);
    } else {
      left = clamp(at.left + at.width / 2 - host.left - width / 2, host.width - width);
      const [below, above] = [at.bottom - host.top + 8, at.top - host.top - height - 8];
      top = below + height > host.height && above >= 0 ? above : below;
    }
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
  }
}
