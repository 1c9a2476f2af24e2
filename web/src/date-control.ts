import { dateOfDay, dayOf, isDate } from './dates';
import { h } from './dom';
import { formatDate } from './format';

let ids = 0;

/**
 * The date a view stands on: a slider over the days of the range (with ticks on the days
 * something happened), a date field for any day, and buttons to step from action to action.
 */
export class DateControl {
  readonly el: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly input: HTMLInputElement;
  private readonly shown = h('strong', { class: 'date-shown' });
  private readonly ticks = h('datalist', { id: `ticks-${++ids}` });
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private stops: string[] = [];
  private value = '';

  constructor(private readonly onChange: (date: string) => void) {
    this.slider = h('input', {
      type: 'range',
      id: 'asof-range',
      step: 1,
      list: this.ticks.id,
      'aria-label': 'Date (slide from day to day)',
      oninput: () => this.pick(dateOfDay(Number(this.slider.value))),
    });
    this.input = h('input', {
      type: 'date',
      id: 'asof-date',
      'aria-label': 'Date',
      onchange: () => isDate(this.input.value) && this.pick(this.input.value),
    });
    this.prev = h('button', { type: 'button', class: 'step', onclick: () => this.step(-1) }, '◀ Previous action');
    this.next = h('button', { type: 'button', class: 'step', onclick: () => this.step(1) }, 'Next action ▶');
    this.el = h(
      'div',
      { class: 'date-control' },
      h('div', { class: 'date-head' }, h('span', { class: 'label' }, 'State on'), this.shown, this.input),
      this.slider,
      this.ticks,
      h('div', { class: 'steps' }, this.prev, this.next),
    );
  }

  /** The slider's first and last day, and the days with actions (ticks and steps). */
  setRange(min: string, max: string, stops: string[] = []) {
    this.slider.min = String(dayOf(min));
    this.slider.max = String(dayOf(max));
    this.stops = [...new Set(stops)].sort();
    this.ticks.replaceChildren(...this.stops.map((d) => h('option', { value: dayOf(d) })));
    this.prev.hidden = this.next.hidden = !this.stops.length;
    if (this.value) this.setValue(this.value);
  }

  setValue(date: string) {
    this.value = date;
    this.input.value = isDate(date) ? date : '';
    this.shown.textContent = isDate(date) ? formatDate(date) : date;
    if (isDate(date)) this.slider.value = String(dayOf(date));
    this.prev.disabled = !this.stops.some((d) => d < date);
    this.next.disabled = !this.stops.some((d) => d > date);
  }

  private pick(date: string) {
    if (date === this.value) return;
    this.setValue(date);
    this.onChange(date);
  }

  private step(dir: 1 | -1) {
    const target = dir > 0 ? this.stops.find((d) => d > this.value) : this.stops.findLast((d) => d < this.value);
    if (target) this.pick(target);
  }
}
