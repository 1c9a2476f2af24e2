/** One measured figure beside its reference from the same run. */
export interface Row {
  section: string;
  figure: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  /** value / reference. */
  ratio?: number;
  /** What the issue asks of the ratio (or of the value, where it names one), and whether this run met it. */
  target?: { text: string; met: boolean };
}

export type Target = (row: Omit<Row, 'target'>) => Row['target'];

/** The ratio must be at least `min`. */
export const ratioAtLeast =
  (min: number): Target =>
  (r) => ({ text: `ratio >= ${min}`, met: (r.ratio ?? 0) >= min });

/** The ratio must be at most `max` (a slow-down factor). */
export const ratioAtMost =
  (max: number): Target =>
  (r) => ({ text: `ratio <= ${max}`, met: (r.ratio ?? Infinity) <= max });

/** The value itself must be at most / at least a bound. */
export const valueAtMost =
  (max: number): Target =>
  (r) => ({ text: `<= ${max} ${r.unit}`, met: r.value <= max });
export const valueAtLeast =
  (min: number): Target =>
  (r) => ({ text: `>= ${fmt(min)} ${r.unit}`, met: r.value >= min });

export class Report {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  add(
    section: string,
    figure: string,
    value: number,
    unit: string,
    reference?: { name: string; value: number },
    ...targets: Target[]
  ): Row {
    // A reference of 0 (a p50 under autocannon's 1 ms resolution) has no meaningful ratio.
    const ratio = reference && reference.value > 0 ? value / reference.value : undefined;
    const base = { section, figure, value, unit, reference, ratio };
    const results = targets.map((t) => t(base)!);
    const target = results.length
      ? { text: results.map((t) => t.text).join(', '), met: results.every((t) => t.met) }
      : undefined;
    const row = { ...base, target };
    this.rows.push(row);
    console.log(`  ${line(row)}`);
    return row;
  }

  note(text: string) {
    this.notes.push(text);
    console.log(`  note: ${text}`);
  }

  /** The whole table, as Markdown. */
  markdown(): string {
    const head =
      '| # | figure | value | reference (same run) | ratio | target | met |\n|---|---|---:|---|---:|---|---|';
    const body = this.rows.map(
      (r) =>
        `| ${r.section} | ${r.figure} | ${fmt(r.value)} ${r.unit} | ${r.reference ? `${r.reference.name}: ${fmt(r.reference.value)}` : '—'} | ${r.ratio === undefined ? '—' : r.ratio.toFixed(2)} | ${r.target?.text ?? '—'} | ${r.target ? (r.target.met ? 'yes' : '**no**') : '—'} |`,
    );
    return [head, ...body].join('\n');
  }
}

function line(r: Row): string {
  const ratio = r.ratio === undefined ? 'n/a' : r.ratio.toFixed(2);
  const ref = r.reference ? ` | vs ${r.reference.name} ${fmt(r.reference.value)} → ratio ${ratio}` : '';
  const target = r.target ? ` | target ${r.target.text}: ${r.target.met ? 'met' : 'MISSED'}` : '';
  return `[${r.section}] ${r.figure}: ${fmt(r.value)} ${r.unit}${ref}${target}`;
}

/** Three significant figures, thousands separated. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}
