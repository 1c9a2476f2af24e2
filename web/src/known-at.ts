import { h } from './dom';
import { formatInstant } from './format';

/** A moment the record of a pair changed: a transaction time and what was recorded then. */
export interface Moment {
  at: string;
  what: string;
}

/**
 * The "as known at" toggle: off, the page shows what the ledger knows now; on, it shows the
 * picture as recorded up to a chosen moment, before any later correction or retraction.
 */
export class KnownAtControl {
  readonly el: HTMLElement;
  private readonly toggle: HTMLInputElement;
  private readonly select: HTMLSelectElement;
  private readonly note = h('span', { class: 'muted small' });
  private moments: Moment[] = [];
  private value?: string;

  constructor(private readonly onChange: (knownAt: string | undefined) => void) {
    this.toggle = h('input', {
      type: 'checkbox',
      id: 'known-toggle',
      onchange: () => this.onChange(this.toggle.checked ? this.fallback() : undefined),
    });
    this.select = h('select', {
      id: 'known-at',
      'aria-label': 'Known at',
      onchange: () => this.onChange(this.select.value),
    });
    this.el = h(
      'div',
      { class: 'known-at' },
      h('label', { class: 'toggle' }, this.toggle, ' As known at'),
      this.select,
      this.note,
    );
  }

  /** The moments to choose from, oldest first. */
  setMoments(moments: Moment[]) {
    this.moments = moments;
    this.setValue(this.value);
  }

  setValue(knownAt: string | undefined) {
    this.value = knownAt;
    this.toggle.checked = !!knownAt;
    this.select.disabled = !knownAt;
    const options = this.moments.map((m) => h('option', { value: m.at }, `${formatInstant(m.at)} · ${m.what}`));
    if (knownAt && !this.moments.some((m) => m.at === knownAt)) {
      options.push(h('option', { value: knownAt }, `${knownAt} (from the link)`));
    }
    if (!knownAt) options.unshift(h('option', { value: '' }, 'now: everything recorded so far'));
    this.select.replaceChildren(...options);
    this.select.value = knownAt ?? '';
    this.note.textContent = knownAt
      ? 'Later corrections and retractions are not applied.'
      : this.moments.length > 1
        ? `The record of this pair changed ${this.moments.length} times.`
        : '';
  }

  /** Turning the toggle on shows the record just before its latest change: what a correction changed. */
  private fallback(): string | undefined {
    const m = this.moments;
    return (m.length > 1 ? m[m.length - 2] : m[0])?.at;
  }
}
