import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Generation } from './generation';
import { Filler, LogPages, RebuildProgress } from './rebuild';

export type ToWorker =
  { run: 'fill' | 'finish' } | { answer: number; value: unknown } | { answer: number; error: string };

export type FromWorker =
  | { ask: number; method: keyof LogPages; args: number[] }
  | { progress: RebuildProgress }
  | { done: 'fill' | 'finish'; progress: RebuildProgress }
  | { failed: string };

const ENTRY = join(__dirname, `refill.worker${extname(__filename)}`);
/**
 * The worker's heap limit. What a fill keeps alive is small (two pages of events, a pair's tail and
 * state), but V8 lets a heap grow to several times that between collections when the limit is the
 * machine's default: bounded, it collects sooner, and the service's peak RSS stays lower.
 */
const HEAP_MB = 256;

/**
 * Runs a rebuild's fill (`Refill`) on a worker thread, so that replaying, sorting and indexing a long
 * log never holds up the requests this thread serves: it only reads the log's pages for the worker.
 * The generation's file is the worker's until `finish`, which opens it here once the worker closed it.
 */
export class WorkerRefill implements Filler {
  private readonly worker: Worker;
  private step?: { resolve: () => void; reject: (error: Error) => void };
  /** Why the worker stopped, if it did between steps. */
  private failure?: Error;

  constructor(
    private readonly log: LogPages,
    private readonly file: string,
    private readonly progress: RebuildProgress,
  ) {
    const options = { workerData: { file, progress }, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } };
    // From the build, the worker is plain JavaScript; from the sources (jest), tsx compiles it.
    this.worker = ENTRY.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(ENTRY)});`, { ...options, eval: true })
      : new Worker(ENTRY, options);
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => this.settleStep(error));
    this.worker.on('exit', (code) => this.settleStep(new Error(`the rebuild's worker stopped (exit code ${code})`)));
  }

  fill(): Promise<void> {
    return this.run('fill');
  }

  async finish(): Promise<Generation> {
    await this.run('finish');
    await this.worker.terminate();
    return new Generation(this.file);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private run(run: 'fill' | 'finish'): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.step = { resolve, reject };
      this.worker.postMessage({ run } satisfies ToWorker);
    });
  }

  private receive(message: FromWorker) {
    if ('ask' in message) return void this.answer(message);
    if ('failed' in message) return this.settleStep(new Error(message.failed));
    Object.assign(this.progress, message.progress);
    if ('done' in message) this.settleStep();
  }

  private async answer({ ask, method, args }: Extract<FromWorker, { ask: number }>) {
    try {
      const value = await (method === 'readAll' ? this.log.readAll(args[0], args[1]) : this.log.headPosition());
      this.worker.postMessage({ answer: ask, value } satisfies ToWorker);
    } catch (error) {
      this.worker.postMessage({ answer: ask, error: (error as Error).message } satisfies ToWorker);
    }
  }

  private settleStep(error?: Error) {
    const step = this.step;
    this.step = undefined;
    if (!step) this.failure ??= error;
    else if (error) step.reject(error);
    else step.resolve();
  }
}
