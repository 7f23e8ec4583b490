import { COUNTRIES } from '../../../services/shared/domain/geography.ts';

/**
 * Country names ↔ ISO-3166 alpha-2 codes. Every region name the runtime's ICU knows (so "Japan" works
 * even though the shop does not sell there yet), the shop's own aliases ("Holland", "UK") and the
 * adjectives analysts use ("German customers").
 */

const DEMONYMS: Readonly<Record<string, string>> = {
  german: 'DE',
  french: 'FR',
  spanish: 'ES',
  italian: 'IT',
  dutch: 'NL',
  british: 'GB',
  english: 'GB',
  american: 'US',
  polish: 'PL',
  swedish: 'SE',
  belgian: 'BE',
  austrian: 'AT',
  swiss: 'CH',
  danish: 'DK',
  irish: 'IE',
  portuguese: 'PT',
  czech: 'CZ',
  norwegian: 'NO',
  finnish: 'FI',
};

/** Lower-case alias that is also an everyday word; only the upper-case code counts for these. */
const AMBIGUOUS = new Set([
  'us',
  'it',
  'in',
  'at',
  'be',
  'no',
  'me',
  'to',
  'is',
  'as',
  'am',
  'id',
  'so',
  'do',
  'pe',
]);

const names = new Map<string, string>();
const displayNames = new Intl.DisplayNames(['en'], { type: 'region' });
export const ISO_CODES: ReadonlySet<string> = (() => {
  const codes = new Set<string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = displayNames.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || /unknown/i.test(name)) continue;
      codes.add(code);
      names.set(name.toLowerCase(), code);
    }
  }
  return codes;
})();
for (const c of COUNTRIES) {
  names.set(c.name.toLowerCase(), c.code);
  for (const alias of c.aliases) if (!AMBIGUOUS.has(alias)) names.set(alias.toLowerCase(), c.code);
}

/** Longest names first, so "united states of america" wins over "united states". */
const NAME_LIST = [...names.keys()].sort((x, y) => y.length - x.length);

export function countryName(code: string): string {
  try {
    return displayNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A regex alternation of every country name (escaped), for recognisers. */
export const COUNTRY_NAME_PATTERN = NAME_LIST.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
export const DEMONYM_PATTERN = Object.keys(DEMONYMS).join('|');

export function codeForName(name: string): string | undefined {
  const key = name.toLowerCase().replace(/^the /, '');
  return names.get(key) ?? names.get(`the ${key}`);
}

export function codeForDemonym(word: string): string | undefined {
  return DEMONYMS[word.toLowerCase()];
}
