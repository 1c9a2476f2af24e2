import { createHmac } from 'node:crypto';
import { AREA_LIST } from '../domain/areas/areas';
import { covers, retryAt, RETRY_FOR_MS, signature, Watch } from './watch';

const watch = (over: Partial<Watch>): Watch => ({
  id: 'w',
  url: 'https://example.org/hook',
  secret: 's',
  createdBy: 'writer:1',
  createdAt: '2026-01-01T00:00:00Z',
  from: 0,
  ...over,
});

describe('watches', () => {
  it('cover one pair, or every pair of a party, and some types or all', () => {
    expect(covers(watch({ pair: ['JP', 'RU'] }), ['JP', 'RU'], 'TalksTerminated')).toBe(true);
    expect(covers(watch({ pair: ['JP', 'RU'] }), ['CN', 'RU'], 'TalksTerminated')).toBe(false);
    expect(covers(watch({ country: 'RU' }), ['CN', 'RU'], 'TalksTerminated')).toBe(true);
    expect(covers(watch({ country: 'RU' }), ['CN', 'JP'], 'TalksTerminated')).toBe(false);
    const sanctions = watch({ country: 'IR', types: ['SanctionsRenewed', 'SanctionsLifted'] });
    expect(covers(sanctions, ['IR', 'US'], 'SanctionsRenewed')).toBe(true);
    expect(covers(sanctions, ['IR', 'US'], 'TalksOpened')).toBe(false);
  });

  it("sign the body with the watch's secret, as a receiver checks it", () => {
    const body = '{"delivery":"d1"}';
    const expected = createHmac('sha256', 'top-secret').update(body).digest('hex');
    expect(signature('top-secret', body)).toBe(`sha256=${expected}`);
    expect(signature('other', body)).not.toBe(signature('top-secret', body));
  });

  it('hear of what time alone changes from the sanctions read model: no other area changes by time', () => {
    // An area that gained `advance` would need its own timed changes in TimedChanges (timed-changes.ts).
    expect(AREA_LIST.filter(([, area]) => area.advance).map(([name]) => name)).toEqual(['sanctions']);
  });

  it('retry with exponential backoff, at most an hour apart, for a day', () => {
    const t0 = 1_000_000;
    expect(retryAt(1, t0, t0, 1000)).toBe(t0 + 1000);
    expect(retryAt(3, t0, t0 + 5000, 1000)).toBe(t0 + 5000 + 4000);
    expect(retryAt(30, t0, t0 + 60_000, 1000)).toBe(t0 + 60_000 + 3600_000);
    expect(retryAt(40, t0, t0 + RETRY_FOR_MS - 60_000, 1000)).toBeUndefined();
  });
});
