import { history } from '../../test/support/history';
import { Generation } from './generation';

const count = (g: Generation, sql: string) => (g.db.prepare(sql).get() as { n: number }).n;

describe('Generation: a rebuild fills one in bulk', () => {
  it('has every pair written and its snapshots folded once finishFilling is done', async () => {
    const h = history();
    for (let i = 0; i < 450; i++) {
      const day = `2000-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`;
      h.action('TalksOpened', 'JP', 'RU', day, { track: `t${i}` });
    }
    h.action('TalksOpened', 'CN', 'LT', '2021-01-01', { track: 'x' });
    const g = new Generation(':memory:', true);
    for (let i = 0; i < h.events.length; i += 100) g.apply(h.events.slice(i, i + 100));
    await g.finishFilling(() => Promise.resolve());
    expect(count(g, 'SELECT count(*) AS n FROM pairs')).toBe(2);
    expect(count(g, "SELECT revision AS n FROM pairs WHERE pair = 'JP-RU'")).toBe(449);
    expect(count(g, 'SELECT count(*) AS n FROM unsettled_pairs')).toBe(0);
    // Every 200 actions of JP–RU: two snapshots, without a settle().
    expect(count(g, "SELECT count(*) AS n FROM snapshots WHERE pair = 'JP-RU'")).toBe(2);
    g.close();
  });
});
