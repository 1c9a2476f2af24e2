import { Query } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import { Granularity, PanelRow } from './panel';

/** A dyad-period panel: one row per pair and period, the pairs named or those involving `parties` (all without either). */
export class GetPanelQuery extends Query<PanelAnswer> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly granularity: Granularity,
    readonly knownAt: string | undefined,
    readonly parties: readonly string[] | undefined,
    readonly pairs: readonly Pair[] | undefined,
  ) {
    super();
  }
}

export interface PanelAnswer {
  knownAt: string;
  from: string;
  to: string;
  granularity: Granularity;
  /** How many rows `rows` yields: pairs × periods. */
  rowCount: number;
  /** Each pair's rows in turn, read and folded as they are asked for. */
  rows: AsyncIterable<PanelRow[]>;
}
