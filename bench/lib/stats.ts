import { cpus, loadavg } from 'node:os';

/** Milliseconds from a high-resolution clock. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** The q-quantile (0..1) of a sample, nearest-rank. */
export function quantile(sample: number[], q: number): number {
  if (!sample.length) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Runs `fn` repeatedly for `ms` milliseconds (at least once); returns calls per second. */
export async function ratePerSecond(ms: number, fn: () => unknown): Promise<{ rate: number; count: number }> {
  const start = now();
  let count = 0;
  do {
    await fn();
    count++;
  } while (now() - start < ms);
  return { rate: (count * 1000) / (now() - start), count };
}

/** Times each call of `fn` over `inputs`; returns the latencies in milliseconds. */
export async function latencies<T>(inputs: T[], fn: (input: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const input of inputs) {
    const start = now();
    await fn(input);
    out.push(now() - start);
  }
  return out;
}

/** The 1- and 5-minute load averages and the number of cores, to say how busy the machine was. */
export function machineLoad(): string {
  const [one, five] = loadavg();
  return `load ${one.toFixed(2)} / ${five.toFixed(2)} (1/5 min) on ${cpus().length} cores`;
}
