import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';

countries.registerLocale(en);

/** International organisations that act in diplomacy as one party (sanctions by the EU, say). */
export const ORGANISATIONS: Readonly<Record<string, string>> = {
  EU: 'European Union',
  UN: 'United Nations',
  NATO: 'North Atlantic Treaty Organization',
  G7: 'Group of Seven',
  G20: 'Group of Twenty',
  ASEAN: 'Association of Southeast Asian Nations',
  BSEC: 'Organization of the Black Sea Economic Cooperation',
  CIS: 'Commonwealth of Independent States',
  CSTO: 'Collective Security Treaty Organization',
  ECOWAS: 'Economic Community of West African States',
  GCC: 'Gulf Cooperation Council',
  LAS: 'League of Arab States',
  OAS: 'Organization of American States',
  OIC: 'Organisation of Islamic Cooperation',
  OSCE: 'Organization for Security and Co-operation in Europe',
  SCO: 'Shanghai Cooperation Organisation',
  COE: 'Council of Europe',
  IAEA: 'International Atomic Energy Agency',
};

const alpha2 = Object.keys(countries.getAlpha2Codes());

/**
 * Every accepted code and its name, built once: a look-up per party of every action posted. A Map, not
 * an object's keys, so that "toString" or "__proto__" are not taken for parties.
 */
const NAMES = new Map<string, string>([
  ...alpha2.map((code) => [code, countries.getName(code, 'en') ?? code] as const),
  ...Object.entries(ORGANISATIONS),
]);

/** The name of a party code, or undefined when the code is not one we accept. */
export function partyName(code: string): string | undefined {
  return NAMES.get(code);
}

export function isParty(code: unknown): code is string {
  return typeof code === 'string' && NAMES.has(code);
}

/** Whether a code is an organisation's (EU, NATO, …) rather than a country's. */
export const isOrganisation = (code: string): boolean => Object.hasOwn(ORGANISATIONS, code);

/** Every accepted code with its name, for error messages and the web page. */
export function parties(): { code: string; name: string; kind: 'country' | 'organisation' }[] {
  return [...NAMES].map(([code, name]) => ({
    code,
    name,
    kind: isOrganisation(code) ? 'organisation' : 'country',
  }));
}

/** Explains a rejected party code: a hint for lower case, the accepted set otherwise. */
export function describeBadParty(field: string, value: unknown): string {
  if (typeof value === 'string' && value !== value.toUpperCase() && isParty(value.toUpperCase())) {
    return `${field} must be upper case: "${value.toUpperCase()}", not "${value}"`;
  }
  return (
    `${field} must be an ISO 3166-1 alpha-2 country code (upper case, e.g. "JP") ` +
    `or one of the organisations ${Object.keys(ORGANISATIONS).join(', ')}; got ${JSON.stringify(value)}`
  );
}
