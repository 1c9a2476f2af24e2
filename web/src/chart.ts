import uPlot from 'uplot';
import { IndexMonth, IndexStep, RelationsIndex, TimelineAction } from './api';
import { dayPart } from './dates';
import { fill, h } from './dom';
import { formatDate, formatScore, plural, typeLabel } from './format';
import { MarkCard } from './mark-card';
import { Parties } from './parties';

const POS = 'rgba(26, 127, 90, 0.55)';
const NEG = 'rgba(192, 57, 43, 0.55)';
const LINE = '#243b6b';
/** The standing score's line: #8e44ad, dashed. */
const STANDING = '#8e44ad';
const DAY_S = 86_400;

/** Seconds since the epoch: a date or a month or year (their start, as the ledger folds them), or a timestamp. */
const sec = (iso: string) => Date.parse(/T/.test(iso) ? iso : `${dayPart(iso)}T00:00:00Z`) / 1000;
const monthBounds = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return [Date.UTC(y, m - 1, 1) / 1000, Date.UTC(y, m, 1) / 1000];
};

interface Mark {
  el: HTMLButtonElement;
  x: number;
  y: number;
  action: TimelineAction;
  score: number;
}

/**
 * The relations index over time: monthly Goldstein scores as bars (green above zero, red
 * below), the cumulative index as a step line, one button per action on that line, and the
 * standing score (what is in force) as a dashed step line.
 * Hovering, focusing or tapping a mark shows the action and its sources.
 */
export class IndexChart {
  readonly el = h('div', { class: 'chart' });
  private readonly readout = h('p', { class: 'readout' });
  private readonly canvas = h('div', { class: 'plot' });
  private readonly card: MarkCard;
  private plot?: uPlot;
  private marks: Mark[] = [];
  private months: IndexMonth[] = [];
  private asOf = 0;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(
    parties: Parties,
    private readonly onPick: (date: string) => void,
  ) {
    this.card = new MarkCard(parties);
    this.el.append(this.readout, this.canvas, this.card.el);
    this.resize.observe(this.el);
  }

  /** Draws the index from `range[0]` to `range[1]` (dates), with details of each action from the timeline. */
  setData(index: RelationsIndex, actions: Map<string, TimelineAction>, range: [string, string]) {
    this.plot?.destroy();
    this.plot = undefined;
    this.card.hide(true);
    this.months = index.months;
    if (!index.actions.length) {
      fill(this.canvas, h('p', { class: 'empty' }, 'No actions recorded for this pair yet.'));
      this.marks = [];
      return this.idle();
    }
    this.canvas.replaceChildren();
    this.plot = new uPlot(this.options(), series(index, sec(range[0]), sec(range[1]) + DAY_S), this.canvas);
    this.marks = index.actions.flatMap((s) => {
      const action = actions.get(s.eventId);
      return action ? [this.mark(action, s.score, s.cumulative)] : [];
    });
    this.plot.over.append(...this.marks.map((m) => m.el));
    this.bindClicks(this.plot);
    this.fit();
    this.idle();
  }

  /** Moves the line that stands for the chosen date. */
  setAsOf(date: string) {
    this.asOf = sec(date) + DAY_S / 2;
    this.plot?.redraw(false, false);
  }

  destroy() {
    this.resize.disconnect();
    this.card.destroy();
    this.plot?.destroy();
  }

  private options(): uPlot.Options {
    const size = this.size();
    return {
      ...size,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => padded(Math.min(min, 0), Math.max(max, 0)) } },
      axes: [
        { stroke: '#5b6472', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#d7dbe3' } },
        { stroke: '#5b6472', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#d7dbe3' }, size: 44 },
      ],
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      series: [
        {},
        { label: 'Monthly score', fill: zeroSplit, width: 0, paths: uPlot.paths.bars!({ size: [0.9, 28, 2] }) },
        {
          label: 'Cumulative',
          stroke: LINE,
          width: 2,
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
        },
        {
          label: 'Standing',
          stroke: STANDING,
          width: 2,
          dash: [6, 4],
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
        },
      ],
      hooks: {
        draw: [(u) => this.drawAsOf(u), () => this.placeMarks()],
        setCursor: [(u) => this.showMonth(u)],
      },
    };
  }

  private size() {
    const width = Math.max(this.el.clientWidth, 280);
    return { width, height: width < 560 ? 220 : 300 };
  }

  private fit() {
    if (this.plot) this.plot.setSize(this.size());
  }

  private mark(action: TimelineAction, score: number, cumulative: number): Mark {
    const tone = score > 0 ? 'pos' : score < 0 ? 'neg' : 'zero';
    const label = `${formatDate(action.occurredAt)}: ${typeLabel(action.type)} (${formatScore(score)})`;
    const el = h('button', {
      type: 'button',
      class: `mark ${tone}`,
      'data-event-id': action.eventId,
      'aria-label': label,
    });
    const mark = { el, x: sec(action.occurredAt), y: cumulative, action, score };
    el.addEventListener('mouseenter', () => this.card.show(mark.action, mark.score, el));
    el.addEventListener('focus', () => this.card.show(mark.action, mark.score, el));
    el.addEventListener('mouseleave', () => this.card.hideSoon());
    // A press on a mark is not the start of a zoom drag.
    el.addEventListener('mousedown', (e) => e.stopPropagation());
    el.addEventListener('blur', () => this.card.hideSoon());
    el.addEventListener('click', (e) => {
      e.stopPropagation();
      this.card.pin(mark.action, mark.score, el);
      this.onPick(dayPart(action.occurredAt));
    });
    return mark;
  }

  /** Puts each mark on the line; marks of one day and one value are spread so each can be reached. */
  private placeMarks() {
    const u = this.plot;
    if (!u) return;
    const taken = new Map<string, number>();
    for (const m of this.marks) {
      const left = u.valToPos(m.x, 'x');
      const top = u.valToPos(m.y, 'y');
      const key = `${Math.round(left)}|${Math.round(top)}`;
      const n = taken.get(key) ?? 0;
      taken.set(key, n + 1);
      m.el.style.left = `${left + n * 9}px`;
      m.el.style.top = `${top}px`;
      m.el.hidden = left < -4 || left > u.over.clientWidth + 4;
    }
  }

  /**
   * A dashed line on the chosen date, and a light veil over what came after it. A date
   * outside the chart is shown at its edge, with an arrow.
   */
  private drawAsOf(u: uPlot) {
    if (!this.asOf) return;
    const { left, top, width, height } = u.bbox;
    const at = u.valToPos(this.asOf, 'x', true);
    const x = Math.min(Math.max(at, left), left + width);
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(36, 59, 107, 0.05)';
    ctx.fillRect(x, top, left + width - x, height);
    ctx.strokeStyle = ctx.fillStyle = '#b5651d';
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    if (x !== at) {
      ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
      ctx.textAlign = at > x ? 'right' : 'left';
      const date = formatDate(new Date((this.asOf - DAY_S / 2) * 1000).toISOString().slice(0, 10));
      ctx.fillText(
        at > x ? `${date} →` : `← ${date}`,
        x + (at > x ? -6 : 6) * devicePixelRatio,
        top + 14 * devicePixelRatio,
      );
    }
    ctx.restore();
  }

  /** The month under the cursor, in words. */
  private showMonth(u: uPlot) {
    const left = u.cursor.left;
    if (left === undefined || left < 0) return this.idle();
    const at = u.posToVal(left, 'x');
    const month = this.months.find((m) => {
      const [start, end] = monthBounds(m.month);
      return at >= start && at < end;
    });
    if (!month) return this.idle();
    const when = formatDate(`${month.month}-01`).replace(/^1 /, '');
    fill(
      this.readout,
      h('strong', {}, when),
      month.count ? `: ${plural(month.count, 'action')}, score ${formatScore(month.score)}; ` : ': no actions; ',
      `index ${formatScore(month.cumulative)}, standing ${formatScore(month.standing)} at the month's end`,
    );
  }

  private idle() {
    this.readout.textContent = this.marks.length
      ? 'Point at the chart for a month; at a mark for an action and its sources. Drag to zoom, double-click to reset.'
      : '';
  }

  /** A click on the plot (not a drag, not a mark) picks that day. */
  private bindClicks(u: uPlot) {
    let down = -1;
    u.over.addEventListener('mousedown', (e) => (down = e.clientX));
    u.over.addEventListener('click', (e) => {
      if (e.target !== u.over || Math.abs(e.clientX - down) > 3 || u.cursor.left === undefined) return;
      const at = u.posToVal(u.cursor.left, 'x');
      this.onPick(new Date(at * 1000).toISOString().slice(0, 10));
    });
  }
}

/**
 * uPlot's aligned data: month bars at mid-month, and the two step lines (cumulative index, standing) at every
 * action and at both ends. The page asks for the whole history, so both lines start from nothing before it.
 */
function series(index: RelationsIndex, start: number, end: number): uPlot.AlignedData {
  const first = index.months[0];
  const bars = new Map<number, number>();
  for (const m of index.months) {
    const [s, e] = monthBounds(m.month);
    bars.set((s + e) / 2, m.score);
  }
  const xs = [...new Set([start, end, ...bars.keys(), ...index.actions.map((a) => sec(a.occurredAt))])].sort(
    (a, b) => a - b,
  );
  const stepLine = (value: number, of: (a: IndexStep) => number) => {
    let i = 0;
    return xs.map((x) => {
      for (; i < index.actions.length && sec(index.actions[i].occurredAt) <= x; i++) value = of(index.actions[i]);
      return value;
    });
  };
  const cumulative = stepLine(first ? first.cumulative - first.score : 0, (a) => a.cumulative);
  const standing = stepLine(0, (a) => a.standing);
  // undefined, not null: uPlot's bars then size columns by the months alone.
  return [xs, xs.map((x) => bars.get(x)), cumulative, standing] as uPlot.AlignedData;
}

function padded(min: number, max: number): uPlot.Range.MinMax {
  const pad = Math.max(2, (max - min) * 0.08);
  return [Math.floor(min - pad), Math.ceil(max + pad)];
}

/** Fills bars green above zero and red below, with one gradient split at the zero line. */
function zeroSplit(u: uPlot): CanvasGradient {
  const { top, height } = u.bbox;
  const zero = Math.min(1, Math.max(0, (u.valToPos(0, 'y', true) - top) / height));
  const g = u.ctx.createLinearGradient(0, top, 0, top + height);
  g.addColorStop(0, POS);
  g.addColorStop(zero, POS);
  g.addColorStop(zero, NEG);
  g.addColorStop(1, NEG);
  return g;
}
