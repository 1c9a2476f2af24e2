import { describeBadParty, isParty, partyName, parties } from './codes';

describe('party codes', () => {
  it('accepts ISO 3166-1 alpha-2 countries and known organisations, upper case only', () => {
    expect(['JP', 'RU', 'US', 'QA', 'EU', 'G7', 'BSEC', 'UN'].every(isParty)).toBe(true);
    expect(['jp', 'XX', 'JPN', 'ZZ', '', 'Eu'].some(isParty)).toBe(false);
    // The names of Object.prototype's members are not codes.
    expect(['toString', 'constructor', '__proto__', 'hasOwnProperty'].some(isParty)).toBe(false);
    expect(partyName('toString')).toBeUndefined();
    expect(partyName('JP')).toBe('Japan');
  });

  it('explains a rejected code: a hint for lower case, the accepted set otherwise', () => {
    expect(describeBadParty('actor', 'jp')).toMatch(/actor must be upper case: "JP"/);
    expect(describeBadParty('target', 'XX')).toMatch(/target must be an ISO 3166-1 alpha-2 .* EU, UN, NATO/);
  });

  it('lists every country with its name', () => {
    const list = parties();
    expect(list.filter((p) => p.kind === 'country').length).toBeGreaterThanOrEqual(249);
    expect(list).toContainEqual({ code: 'EU', name: 'European Union', kind: 'organisation' });
  });
});
