import { h } from './dom';
import { Parties } from './parties';

/**
 * The form at the top: two inputs backed by one <datalist> of every party (searchable by
 * name or code in every browser, phones included). Empty second input: one party's overview.
 */
export class Picker {
  private readonly a: HTMLInputElement;
  private readonly b: HTMLInputElement;

  constructor(
    form: HTMLFormElement,
    private readonly parties: Parties,
    onPick: (a: string, b: string | undefined) => void,
  ) {
    this.a = form.querySelector<HTMLInputElement>('#party-a')!;
    this.b = form.querySelector<HTMLInputElement>('#party-b')!;
    form
      .querySelector('datalist')!
      .replaceChildren(...parties.list.map((p) => h('option', { value: parties.label(p.code) }, p.kind)));
    form.querySelector('#swap')!.addEventListener('click', () => {
      [this.a.value, this.b.value] = [this.b.value, this.a.value];
    });
    for (const input of [this.a, this.b]) input.addEventListener('input', () => input.setCustomValidity(''));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const a = this.check(this.a, true);
      const b = this.check(this.b, false);
      if (a === null || b === null) return;
      if (a === b) return this.refuse(this.b, 'Pick two different parties, or leave this empty for an overview');
      onPick(a!, b);
    });
  }

  /** Shows the parties of the current view. */
  show(a: string | undefined, b: string | undefined) {
    this.a.value = a ? this.parties.label(a) : '';
    this.b.value = b ? this.parties.label(b) : '';
  }

  /** The code in an input, undefined when empty and optional, null when refused. */
  private check(input: HTMLInputElement, required: boolean): string | undefined | null {
    if (!input.value.trim()) return required ? this.refuse(input, 'Type a country or organisation') : undefined;
    const code = this.parties.resolve(input.value);
    return code ?? this.refuse(input, `No single country or organisation matches “${input.value.trim()}”`);
  }

  private refuse(input: HTMLInputElement, message: string): null {
    input.setCustomValidity(message);
    input.reportValidity();
    return null;
  }
}
