import { DomainError } from './errors';
import { optionalInstant, parseInstant } from './time';

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
});
