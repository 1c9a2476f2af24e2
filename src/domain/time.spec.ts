import { DomainError } from './errors';
import { optionalInstant, parseInstant, parseOccurredAt, precisionOf } from './time';

describe('times', () => {
  it('a date-only occurredAt starts the day; asOf/knownAt end it', () => {
    expect(parseInstant('occurredAt', '2022-03-21', 'start-of-day')).toBe(Date.UTC(2022, 2, 21));
    expect(optionalInstant('asOf', '2022-03-21', 0)).toBe(Date.UTC(2022, 2, 21, 23, 59, 59, 999));
    expect(optionalInstant('asOf', undefined, 42)).toBe(42);
  });

  it('takes timestamps with Z or an offset', () => {
    expect(parseInstant('t', '2022-03-21T09:00:00Z', 'start-of-day')).toBe(Date.UTC(2022, 2, 21, 9));
    expect(parseInstant('t', '2022-03-21T12:00:00+03:00', 'start-of-day')).toBe(Date.UTC(2022, 2, 21, 9));
    expect(parseInstant('t', '2022-03-21T09:00:00.123Z', 'start-of-day')).toBe(Date.UTC(2022, 2, 21, 9, 0, 0, 123));
  });

  it.each([
    '2022-02-30',
    '2021-02-29',
    '2022-13-01',
    '2022-03-21T09:00:00',
    '2022-03-21T25:00:00Z',
    '21/03/2022',
    '',
    'now',
  ])('rejects %p, naming the field', (value) => {
    expect(() => parseInstant('occurredAt', value, 'start-of-day')).toThrow(DomainError);
    expect(() => parseInstant('occurredAt', value, 'start-of-day')).toThrow(/^occurredAt/);
  });

  it('takes a leap day that exists', () => {
    expect(parseInstant('d', '2024-02-29', 'start-of-day')).toBe(Date.UTC(2024, 1, 29));
  });

  it('an occurredAt may be a month or a year, folded at its start; its form gives its precision', () => {
    expect(parseOccurredAt('2021-12')).toBe(Date.UTC(2021, 11, 1));
    expect(parseOccurredAt('2021')).toBe(Date.UTC(2021, 0, 1));
    expect(parseOccurredAt('0150')).toBe(new Date(0).setUTCFullYear(150, 0, 1));
    expect(parseOccurredAt('2021-12-09T10:00:00Z')).toBe(Date.UTC(2021, 11, 9, 10));
    expect(['2021-12-09', '2021-12-09T10:00:00Z', '2021-12', '2021'].map(precisionOf)).toEqual([
      'day',
      'day',
      'month',
      'year',
    ]);
    expect(() => parseOccurredAt('2021-00')).toThrow(/occurredAt is not a real month/);
    expect(() => parseOccurredAt('2021-02-30')).toThrow(/occurredAt is not a real date/);
    expect(() => parseOccurredAt('Dec 2021')).toThrow(/a month \(YYYY-MM\) or a year \(YYYY\)/);
  });
});
