import { api, CounterpartRow, CountryRelations, SanctionsPackage } from './api';
import { latest, Page, ViewContext } from './context';
import { DateControl } from './date-control';
import { today } from './dates';
import { measureItem } from './describe';
import { fill, h } from './dom';
import { formatDate, formatInstant, formatScore, plural } from './format';
import { badge } from './state-panel';
import { View, viewUrl } from './url';

const STATUSES = ['severed', 'downgraded', 'normal', 'unrecorded'] as const;

/** One party on a date: who had sanctions on it, on whom it had them, its counterparts by status. */
export class CountryView implements Page {
  readonly el: HTMLElement;
  private readonly dates: DateControl;
  private readonly body = h('div', { class: 'country-body', 'aria-busy': 'true' });
  private readonly knownNote = h('p', { class: 'known-note small', hidden: true });
  private view: View = {};
  private readonly load: () => void;

  constructor(
    private readonly code: string,
    private readonly ctx: ViewContext,
  ) {
    this.dates = new DateControl((asOf) => ctx.go({ asOf }));
    this.dates.setRange('2000-01-01', today());
    this.load = latest(
      60,
      (signal) => api.country(code, this.view.asOf, this.view.knownAt, signal),
      (c) => this.show(c),
      (e) => {
        this.body.setAttribute('aria-busy', 'false');
        ctx.status('country', e);
      },
    );
    this.el = h(
      'div',
      { class: 'country-view' },
      h('section', { class: 'title' }, h('h1', {}, ctx.parties.name(code), h('span', { class: 'amp' }, ' — overview'))),
      h('section', { class: 'card controls' }, this.dates.el, this.knownNote),
      this.body,
    );
  }

  update(view: View) {
    this.view = view;
    this.dates.setValue(view.asOf ?? today());
    this.knownNote.hidden = !view.knownAt;
    fill(
      this.knownNote,
      `As known at ${view.knownAt ? formatInstant(view.knownAt) : ''}: later records are left out. `,
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => this.ctx.go({ knownAt: undefined }) },
        'Show what is known now',
      ),
    );
    this.body.setAttribute('aria-busy', 'true');
    this.load();
  }

  destroy() {}

  private show(c: CountryRelations) {
    this.ctx.status('country');
    this.body.setAttribute('aria-busy', 'false');
    const name = this.ctx.parties.name;
    const on = c.counterparts.filter((r) => r.sanctionsReceived.length);
    const by = c.counterparts.filter((r) => r.sanctionsImposed.length);
    if (!c.counterparts.length) {
      return fill(
        this.body,
        h(
          'section',
          { class: 'card' },
          h('p', { class: 'muted' }, `No actions recorded for ${c.name} up to ${formatDate(c.asOf)}.`),
        ),
      );
    }
    fill(
      this.body,
      h(
        'div',
        { class: 'columns' },
        h(
          'section',
          { class: 'card', 'data-block': 'sanctions-on' },
          h('h2', {}, `Sanctions in force on ${c.name}`),
          on.length
            ? h(
                'ul',
                { class: 'parties' },
                on.map((r) => this.sanctionsRow(r, r.sanctionsReceived)),
              )
            : h('p', { class: 'muted' }, 'None on this date.'),
        ),
        h(
          'section',
          { class: 'card', 'data-block': 'sanctions-by' },
          h('h2', {}, `Sanctions ${c.name} has in force`),
          by.length
            ? h(
                'ul',
                { class: 'parties' },
                by.map((r) => this.sanctionsRow(r, r.sanctionsImposed)),
              )
            : h('p', { class: 'muted' }, 'None on this date.'),
        ),
      ),
      h(
        'section',
        { class: 'card', 'data-block': 'counterparts' },
        h('h2', {}, 'Counterparts by relations status'),
        STATUSES.map((status) => {
          const rows = c.counterparts.filter((r) => r.diplomaticRelations === status);
          return rows.length
            ? h(
                'div',
                { class: 'status-group', 'data-status': status },
                h('h3', {}, badge(status), ` ${plural(rows.length, 'counterpart')}`),
                h(
                  'p',
                  {},
                  rows.map((r) => this.chip(r)),
                ),
              )
            : null;
        }),
        h(
          'p',
          { class: 'muted small' },
          `Counterparts with actions recorded with ${name(c.code)}; the score is the relations index.`,
        ),
      ),
    );
  }

  private pairLink(other: string, text: string, attrs: Record<string, string> = {}) {
    const href = viewUrl({ a: this.code, b: other, asOf: this.view.asOf, knownAt: this.view.knownAt });
    return h('a', { href, 'data-nav': true, ...attrs }, text);
  }

  private sanctionsRow(r: CounterpartRow, packages: SanctionsPackage[]) {
    return h(
      'li',
      { 'data-counterpart': r.counterpart },
      this.pairLink(r.counterpart, r.name),
      h(
        'span',
        { class: 'muted' },
        ` · ${plural(packages.length, 'package')}, since ${formatDate(packages.map((p) => p.since).sort()[0])}`,
      ),
      h(
        'ul',
        { class: 'measures' },
        packages.flatMap((p) => p.measures.map((m) => measureItem(m))),
      ),
    );
  }

  private chip(r: CounterpartRow) {
    return this.pairLink(r.counterpart, `${r.name} ${formatScore(r.index.score)}`, {
      class: `chip ${r.index.score < 0 ? 'neg' : 'pos'}`,
    });
  }
}
