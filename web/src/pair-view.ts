import { api, LedgerEvent, RelationState, Timeline } from './api';
import { IndexChart } from './chart';
import { latest, Page, ViewContext } from './context';
import { DateControl } from './date-control';
import { dateOfDay, dayOf, dayPart, today } from './dates';
import { fill, h } from './dom';
import { formatDate, plural, typeLabel } from './format';
import { KnownAtControl, Moment } from './known-at';
import { badge, renderState } from './state-panel';
import { TimelineList } from './timeline';
import { View, viewUrl } from './url';

/** Two parties: the index over time, the state on a date (as known at a time), the timeline. */
export class PairView implements Page {
  readonly el: HTMLElement;
  private readonly dates: DateControl;
  private readonly known: KnownAtControl;
  private readonly chart: IndexChart;
  private readonly timeline: TimelineList;
  private readonly status = h('span', { class: 'title-status' });
  private readonly stateBox = h('div', { class: 'state-box', 'aria-busy': 'true' });
  private readonly stateTitle = h('h2', {}, 'State');
  private readonly shareField = h('input', {
    class: 'share-url',
    readonly: true,
    'aria-label': 'Link to this view',
    hidden: true,
  });
  private view: View = {};
  private loaded?: string;
  private lastState?: RelationState;
  /** The pair's record as known now, and its corrections and retractions: the "as known at" moments. */
  private readonly record: Promise<{ timeline: Timeline; amendments: Map<string, LedgerEvent> }>;
  private readonly loadState: () => void;

  constructor(
    private readonly a: string,
    private readonly b: string,
    private readonly ctx: ViewContext,
  ) {
    const name = ctx.parties.name;
    const pick = (date: string) => ctx.go({ asOf: date });
    this.dates = new DateControl(pick);
    this.known = new KnownAtControl((knownAt) => ctx.go({ knownAt }));
    this.chart = new IndexChart(ctx.parties, pick);
    this.timeline = new TimelineList(ctx.parties, pick);
    this.loadState = latest(
      60,
      (signal) => api.state(a, b, this.view.asOf, this.view.knownAt, signal),
      (s) => this.showState(s),
      (e) => this.failed('state', e),
    );
    this.el = h(
      'div',
      { class: 'pair-view' },
      h(
        'section',
        { class: 'title' },
        h('h1', {}, name(a), h('span', { class: 'amp' }, ' and '), name(b)),
        this.status,
        h(
          'p',
          { class: 'muted small' },
          'Overviews: ',
          h('a', { href: viewUrl({ a }), 'data-nav': true }, name(a)),
          ' · ',
          h('a', { href: viewUrl({ a: b }), 'data-nav': true }, name(b)),
        ),
      ),
      h(
        'section',
        { class: 'card controls' },
        this.dates.el,
        h(
          'div',
          { class: 'control-row' },
          this.known.el,
          h(
            'div',
            { class: 'share' },
            h('button', { type: 'button', id: 'copy-link', onclick: () => void this.share() }, 'Copy link'),
            this.shareField,
          ),
        ),
      ),
      h(
        'section',
        { class: 'card chart-card' },
        h('h2', {}, 'Relations index over time'),
        h(
          'p',
          { class: 'legend small' },
          h(
            'span',
            { class: 'key' },
            h('span', { class: 'swatch bar-pos' }),
            h('span', { class: 'swatch bar-neg' }),
            'score per month',
          ),
          h('span', { class: 'key' }, h('span', { class: 'swatch line' }), 'cumulative index'),
          h('span', { class: 'key' }, h('span', { class: 'swatch standing' }), 'standing: what is in force'),
          h('span', { class: 'key' }, h('span', { class: 'swatch dot' }), 'an action'),
          h('span', { class: 'key muted' }, 'Goldstein scale: −10 conflict … +10 cooperation'),
        ),
        this.chart.el,
      ),
      h(
        'div',
        { class: 'columns' },
        h('section', { class: 'card' }, this.stateTitle, this.stateBox),
        h('section', { class: 'card' }, h('h2', {}, 'Timeline'), this.timeline.el),
      ),
    );
    this.record = api.timeline(a, b).then(async (timeline) => ({ timeline, amendments: await amendmentsOf(timeline) }));
    this.record.then(
      ({ timeline, amendments }) => this.known.setMoments(momentsOf(timeline, amendments)),
      (e: unknown) => this.failed('record', e),
    );
  }

  update(view: View) {
    this.view = view;
    const asOf = view.asOf ?? today();
    this.dates.setValue(asOf);
    this.known.setValue(view.knownAt);
    this.chart.setAsOf(asOf);
    this.timeline.setAsOf(asOf);
    this.stateTitle.textContent = `State on ${formatDate(asOf)}`;
    this.stateBox.setAttribute('aria-busy', 'true');
    this.shareField.hidden = true;
    if (this.loaded !== (view.knownAt ?? '')) void this.loadSeries(view.knownAt);
    this.loadState();
  }

  destroy() {
    this.chart.destroy();
  }

  /** The chart and the timeline, as known at knownAt. */
  private async loadSeries(knownAt: string | undefined) {
    this.loaded = knownAt ?? '';
    try {
      const [index, timeline, { amendments }] = await Promise.all([
        api.index(this.a, this.b, knownAt),
        api.timeline(this.a, this.b, knownAt),
        this.record,
      ]);
      if (this.loaded !== (knownAt ?? '')) return;
      const days = timeline.actions.map((x) => dayPart(x.occurredAt)).sort();
      const start = days.length ? `${days[0].slice(0, 4)}-01-01` : `${Number(today().slice(0, 4)) - 10}-01-01`;
      const end = [today(), ...days].sort().at(-1)!;
      this.dates.setRange(start, end, days);
      // The chart spans the actions, a little before and after: the slider may go further.
      const span: [string, string] = days.length ? [shift(days[0], -90), shift(days.at(-1)!, 180)] : [start, end];
      this.chart.setData(index, new Map(timeline.actions.map((x) => [x.eventId, x])), span);
      this.chart.setAsOf(this.view.asOf ?? today());
      this.timeline.setData(timeline, new Map(index.actions.map((x) => [x.eventId, x.score])), amendments);
      this.timeline.setAsOf(this.view.asOf ?? today());
      this.ctx.status('series');
    } catch (e) {
      this.failed('series', e);
    }
  }

  private showState(s: RelationState) {
    this.lastState = s;
    this.ctx.status('state');
    fill(this.stateBox, renderState(s, this.ctx.parties, [this.a, this.b]));
    this.stateBox.setAttribute('aria-busy', 'false');
    const sanctions = s.sanctions.length;
    fill(this.status, badge(s.diplomaticRelations.status), ` ${plural(sanctions, 'sanctions package')} in force`);
  }

  private failed(key: string, e: unknown) {
    const gone = h('p', { class: 'muted' }, 'Not available: see the message at the top of the page.');
    if (key === 'state') fill(this.stateBox, gone);
    if (key === 'series') fill(this.timeline.el, h('li', {}, gone));
    this.stateBox.setAttribute('aria-busy', 'false');
    this.ctx.status(key, e);
  }

  /** A link to exactly this view: the date, and the knowledge the answer was given with. */
  private async share() {
    const knownAt = this.view.knownAt ?? this.lastState?.knownAt;
    const url = viewUrl({ ...this.view, asOf: this.view.asOf ?? today(), knownAt }, location.origin);
    this.shareField.value = url;
    this.shareField.hidden = false;
    this.shareField.select();
    try {
      await navigator.clipboard.writeText(url);
      this.shareField.title = 'Copied';
    } catch {
      this.shareField.title = 'Copy this link';
    }
  }
}

const shift = (date: string, days: number) => dateOfDay(dayOf(date) + days);

async function amendmentsOf(t: Timeline): Promise<Map<string, LedgerEvent>> {
  const ids = t.actions.flatMap((a) => [...(a.retractedBy ? [a.retractedBy] : []), ...(a.correctedBy ?? [])]);
  const events = await Promise.all(ids.map((id) => api.event(id)));
  return new Map(events.map((e) => [e.eventId, e]));
}

/** Each transaction time at which the pair's record changed, and what changed then. */
function momentsOf(t: Timeline, amendments: Map<string, LedgerEvent>): Moment[] {
  const byId = new Map(t.actions.map((a) => [a.eventId, a]));
  const at = new Map<string, string[]>();
  const note = (when: string, what: string) => at.set(when, [...(at.get(when) ?? []), what]);
  for (const a of t.actions) note(a.recordedAt, 'recorded');
  for (const e of amendments.values()) {
    const target = byId.get((e.type === 'ActionRetracted' ? e.retracts : e.corrects) ?? '');
    const what = target ? `${typeLabel(target.type)} of ${dayPart(target.occurredAt)}` : 'an action';
    note(e.recordedAt, `${e.type === 'ActionRetracted' ? 'retracted' : 'corrected'}: ${what}`);
  }
  return [...at.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([when, whats]) => {
      const recorded = whats.filter((w) => w === 'recorded').length;
      const others = whats.filter((w) => w !== 'recorded');
      return {
        at: when,
        what: [recorded ? `${plural(recorded, 'action')} recorded` : '', ...others].filter(Boolean).join('; '),
      };
    });
}
