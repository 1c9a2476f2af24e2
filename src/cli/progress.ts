import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on stderr (stdout may carry an export); quiet when stderr is not a terminal. */
export function progressBar(unit: string) {
  return new SingleBar(
    {
      format: `{bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
}

/** Updates a bar with a rate computed from the start. */
export function tick(bar: SingleBar, value: number, started: number) {
  bar.update(value, { rate: Math.round(value / Math.max(0.001, (Date.now() - started) / 1000)) });
}
