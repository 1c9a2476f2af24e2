import { Parties } from './parties';
import { View } from './url';

/** What a view needs from the page around it. */
export interface ViewContext {
  parties: Parties;
  /** Changes the current view in place (the date, knownAt): the URL follows. */
  go(patch: Partial<View>): void;
  /** Reports a failed request under a key, or clears it with `undefined`. */
  status(key: string, error?: unknown): void;
}

/** A view of the page: built once for a pair or a party, updated as the URL changes. */
export interface Page {
  readonly el: HTMLElement;
  update(view: View): void;
  destroy(): void;
}

/** Runs `load` after `ms` of quiet; an answer to an older call is dropped. */
export function latest<T>(
  ms: number,
  load: (signal: AbortSignal) => Promise<T>,
  show: (value: T) => void,
  fail: (e: unknown) => void,
) {
  let timer: number | undefined;
  let controller: AbortController | undefined;
  return () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      controller?.abort();
      const mine = (controller = new AbortController());
      load(mine.signal).then(
        (value) => !mine.signal.aborted && show(value),
        (e: unknown) => !mine.signal.aborted && fail(e),
      );
    }, ms);
  };
}
