import { Report } from './lib/report';

/** How much each section does: `--quick` scales everything down to finish in under a minute. */
export interface Size {
  name: 'quick' | 'full';
  /** Interleaved rounds × milliseconds per side for the single-append comparison: short slices, so a
   * burst of disk contention from elsewhere lands on both sides alike. */
  appendRounds: number;
  appendMs: number;
  /** Seconds per autocannon run, and the client counts. */
  httpSeconds: number;
  httpClients: number[];
  /** Actions sent through the batch endpoint and through the CLI import. */
  importEvents: number;
  /** The large and the small log of the as-of comparison (the hot pair holds 5% of each). */
  bigLog: number;
  smallLog: number;
  /** As-of questions asked per case. */
  queries: number;
  /** The peer workload: milliseconds of sequential appends, bursts of parallel appends. */
  peerMs: number;
  peerParallel: number;
  peerRounds: number;
  /** The EventStoreDB section: the log a restart is timed on, and the one memory is measured after. */
  restartLog: number;
  memoryLog: number;
  /** The stores section 8 measures, in this order (`--esdb-stores`: one of them alone). */
  stores: Array<'eventstoredb' | 'sqlite'>;
}

export const SIZES: Record<Size['name'], Size> = {
  quick: {
    name: 'quick',
    appendRounds: 6,
    appendMs: 250,
    httpSeconds: 1,
    httpClients: [1, 16, 64],
    importEvents: 1_500,
    bigLog: 15_000,
    smallLog: 1_500,
    queries: 100,
    peerMs: 1_000,
    peerParallel: 20,
    peerRounds: 5,
    restartLog: 5_000,
    memoryLog: 20_000,
    stores: ['eventstoredb', 'sqlite'],
  },
  full: {
    name: 'full',
    appendRounds: 4,
    appendMs: 2_500,
    httpSeconds: 8,
    httpClients: [1, 16, 64],
    importEvents: 50_000,
    bigLog: 1_000_000,
    smallLog: 100_000,
    queries: 2_000,
    peerMs: 5_000,
    peerParallel: 20,
    peerRounds: 20,
    restartLog: 250_000,
    memoryLog: 2_000_000,
    stores: ['eventstoredb', 'sqlite'],
  },
};

/** Shared by the sections of one run. */
export interface Context {
  size: Size;
  report: Report;
  /** A scratch directory for this run, removed at the end. */
  work: string;
  /** Figures one section measures and another uses as its reference. */
  measured: { rawSingleAppend?: number };
}

/** The shape of the generated logs (see lib/data.ts). */
export const logShape = (events: number, seed = 42) => ({
  events,
  pairs: events >= 100_000 ? 5_000 : 2_000,
  hotShare: 0.05,
  seed,
});
