import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pair } from '../domain/pair';
import { initialState } from '../domain/state/relation-state';
import { toIso, validWindow } from '../domain/time';
import { RelationReader } from '../projections/relation-reader';
import { GetPanelQuery, PanelAnswer } from './get-panel.query';
import { PanelRow, panelRows, Period, periodsOf } from './panel';

/**
 * A panel streamed pair by pair: each pair's rows come from one walk through its history (the state on the eve
 * of the first period from a snapshot, then each action folded once), so memory holds one pair's rows, never
 * the panel.
 */
@QueryHandler(GetPanelQuery)
export class GetPanelHandler implements IQueryHandler<GetPanelQuery> {
  constructor(private readonly reader: RelationReader) {}

  execute(q: GetPanelQuery): Promise<PanelAnswer> {
    const { knownAt } = this.reader.resolveTimes(undefined, q.knownAt);
    const { from, to } = validWindow(q.from, q.to);
    const periods = periodsOf(from, to, q.granularity);
    // The pairs named, and those involving the parties named (every pair known then, when neither is).
    const involving = q.parties || !q.pairs ? this.reader.pairsKnownAt(knownAt, q.parties) : [];
    const byKey = new Map([...(q.pairs ?? []), ...involving].map((p) => [p.join('-'), p]));
    const pairs = [...byKey.keys()].sort().map((key) => byKey.get(key)!);
    return Promise.resolve({
      knownAt: toIso(knownAt),
      from: toIso(periods[0].start),
      to: toIso(periods[periods.length - 1].end - 1),
      granularity: q.granularity,
      rowCount: pairs.length * periods.length,
      rows: this.rows(pairs, periods, knownAt),
    });
  }

  private async *rows(pairs: readonly Pair[], periods: Period[], knownAt: number): AsyncGenerator<PanelRow[]> {
    for (const pair of pairs) {
      yield this.pairRows(pair, periods, knownAt);
      // Let requests and the projector in between pairs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One pair's rows, read and folded in one go: the reader's cursor is never left open across a wait. */
  private pairRows(pair: Pair, periods: Period[], knownAt: number): PanelRow[] {
    const [first, last] = [periods[0].start, periods[periods.length - 1].end - 1];
    const history = this.reader.walk(pair, first, last, knownAt) ?? { start: initialState(), actions: [] };
    return [...panelRows(pair, periods, history.start, history.actions)];
  }
}
