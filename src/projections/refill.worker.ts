import { rmSync } from 'node:fs';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { Generation } from './generation';
import { LogPages, RebuildProgress, Refill } from './rebuild';
import type { FromWorker, ToWorker } from './worker-refill';

/**
 * A rebuild's fill, on a thread of its own (started by WorkerRefill): the log's pages are asked of
 * the service's thread, which holds the store; progress is posted after every page and step.
 */
const port = parentPort!;
const { file, progress } = workerData as { file: string; progress: RebuildProgress };
const post = (message: FromWorker) => port.postMessage(message);

let asked = 0;
const answers = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
const ask = <T>(method: keyof LogPages, args: number[]) =>
  new Promise<T>((resolve, reject) => {
    answers.set(++asked, { resolve, reject });
    post({ ask: asked, method, args });
  });
const log: LogPages = {
  readAll: (after, limit) => ask('readAll', [after, limit]),
  headPosition: () => ask('headPosition', []),
};

// A generation to fill starts empty (the one a fill gave up on is removed first).
const open = (idWindow?: number) => {
  rmSync(file, { force: true });
  return new Generation(file, true, idWindow);
};
const refill = new Refill(log, open, progress, async () => {
  post({ progress });
  await yieldToIo();
});

port.on('message', (message: ToWorker) => {
  if ('answer' in message) {
    const waiting = answers.get(message.answer)!;
    answers.delete(message.answer);
    if ('error' in message) waiting.reject(new Error(message.error));
    else waiting.resolve(message.value as never);
    return;
  }
  const step = message.run === 'fill' ? refill.fill() : refill.finish().then((next) => next.close());
  step.then(
    () => post({ done: message.run, progress }),
    (error: Error) => post({ failed: error.message }),
  );
});
