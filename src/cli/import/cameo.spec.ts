import { fromCameoRow } from './cameo';
import { mergeReports, Report } from './reports';

const icews = (id: string, day: string, intensity: string, url: string) =>
  fromCameoRow(
    {
      'Event ID': id,
      'Event Date': day,
      'Source Country': 'Russian Federation',
      'Target Country': 'Japan',
      'CAMEO Code': '1631',
      Intensity: intensity,
      'Story URL': url,
    },
    Number(id),
  ) as Report;

describe('CAMEO-coded rows', () => {
  it('reports of one event share a key: the actor, target, catalogue code and day, not the tertiary code', () => {
    const [a, b, c] = [
      icews('1', '2022-03-21', '-7', 'u1'),
      icews('2', '2022-03-21', '-6', 'u2'),
      icews('3', '2022-03-22', '-7', 'u3'),
    ];
    expect(a.key).toBe(b.key);
    expect(a.body.eventId).toBe(b.body.eventId);
    expect(c.key).not.toBe(a.key);
    expect(a).toMatchObject({
      row: '1',
      qualifier: 'ICEWS intensity -7',
      body: { type: 'SanctionsImposed', actor: 'RU', target: 'JP' },
    });
  });

  it("keeps ICEWS's intensity as a qualifier in the summary, each value once, and every row in the provenance", () => {
    const reports = ['-7', '-6', '-7'].map((i, n) => icews(String(n + 1), '2022-03-21', i, `https://example.org/${n}`));
    const [merged] = mergeReports(reports);
    expect(merged).toMatchObject({
      kind: 'action',
      line: 1,
      rows: ['1', '2', '3'],
      body: { summary: expect.stringMatching(/\); ICEWS intensity -7; ICEWS intensity -6$/) as string },
    });
  });

  it('takes at most the 100 sources an action may carry', () => {
    const reports = Array.from({ length: 150 }, (_, n) =>
      icews(String(n + 1), '2022-03-21', '-7', `https://example.org/${n}`),
    );
    const [merged] = mergeReports(reports);
    expect(merged.kind === 'action' && (merged.body.sources as unknown[]).length).toBe(100);
    expect(merged.kind === 'action' && merged.rows).toHaveLength(150);
  });
});
