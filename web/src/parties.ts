import { Party } from './api';

/** The accepted codes and their names, and the matching rules of the picker. */
export class Parties {
  private readonly byCode: Map<string, Party>;

  constructor(readonly list: Party[]) {
    this.byCode = new Map(list.map((p) => [p.code, p]));
  }

  has = (code: string) => this.byCode.has(code);

  /** `Japan`, or the code itself for one we do not know. */
  name = (code: string) => this.byCode.get(code)?.name ?? code;

  /** What the picker's input shows for a code: `Japan (JP)`. */
  label = (code: string) => `${this.name(code)} (${code})`;

  /**
   * The code a person meant: `JP`, `jp`, `Japan`, `Japan (JP)`, or a unique start of a name
   * (`Russia` for the Russian Federation). Undefined when nothing, or more than one, fits.
   */
  resolve(input: string): string | undefined {
    const text = input.trim();
    const code = /\(([A-Za-z0-9]+)\)$/.exec(text)?.[1] ?? text;
    if (this.byCode.has(code.toUpperCase())) return code.toUpperCase();
    const lower = text.toLowerCase();
    const exact = this.list.filter((p) => p.name.toLowerCase() === lower);
    if (exact.length === 1) return exact[0].code;
    const starts = this.list.filter((p) => p.name.toLowerCase().startsWith(lower));
    if (lower && starts.length === 1) return starts[0].code;
    const words = this.list.filter((p) =>
      p.name
        .toLowerCase()
        .split(/[\s,(]+/)
        .includes(lower),
    );
    return lower && words.length === 1 ? words[0].code : undefined;
  }
}
