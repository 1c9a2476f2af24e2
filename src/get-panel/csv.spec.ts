import { parse } from 'csv-parse/sync';
import { csvLines } from './csv';

describe('csvLines', () => {
  it('writes rows that a CSV parser reads back as they were: quotes, commas, line breaks, null as empty', () => {
    const rows = [
      ['JP-RU', 1, -4.5, null, ''],
      ['a "quoted" track', 'one, two', 'line\nbreak', 'cr\r', 'plain;list'],
    ];
    const text = csvLines(rows);
    expect(text.endsWith('\n')).toBe(true);
    expect(parse(text)).toEqual([
      ['JP-RU', '1', '-4.5', '', ''],
      ['a "quoted" track', 'one, two', 'line\nbreak', 'cr\r', 'plain;list'],
    ]);
  });
});
