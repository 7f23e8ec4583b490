/**
 * The countries the shop sells to: ISO-3166 alpha-2 code, English name, VAT rate and the cities orders
 * ship to (with coordinates for the map). Shared by the seed, order validation and the agent's
 * country-name ↔ code mapping.
 */
export interface City {
  name: string;
  lat: number;
  lon: number;
}

export interface Country {
  code: string;
  name: string;
  /** Other names people type for the country ("Holland", "UK"). */
  aliases: readonly string[];
  vatRate: number;
  cities: readonly City[];
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'DE',
    name: 'Germany',
    aliases: ['deutschland'],
    vatRate: 0.19,
    cities: [
      { name: 'Berlin', lat: 52.52, lon: 13.405 },
      { name: 'Hamburg', lat: 53.5511, lon: 9.9937 },
      { name: 'Munich', lat: 48.1351, lon: 11.582 },
      { name: 'Cologne', lat: 50.9375, lon: 6.9603 },
      { name: 'Frankfurt', lat: 50.1109, lon: 8.6821 },
      { name: 'Stuttgart', lat: 48.7758, lon: 9.1829 },
    ],
  },
  {
    code: 'FR',
    name: 'France',
    aliases: [],
    vatRate: 0.2,
    cities: [
      { name: 'Paris', lat: 48.8566, lon: 2.3522 },
      { name: 'Lyon', lat: 45.764, lon: 4.8357 },
      { name: 'Marseille', lat: 43.2965, lon: 5.3698 },
      { name: 'Toulouse', lat: 43.6047, lon: 1.4442 },
      { name: 'Bordeaux', lat: 44.8378, lon: -0.5792 },
    ],
  },
  {
    code: 'ES',
    name: 'Spain',
    aliases: ['españa', 'espana'],
    vatRate: 0.21,
    cities: [
      { name: 'Madrid', lat: 40.4168, lon: -3.7038 },
      { name: 'Barcelona', lat: 41.3874, lon: 2.1686 },
      { name: 'Valencia', lat: 39.4699, lon: -0.3763 },
      { name: 'Seville', lat: 37.3891, lon: -5.9845 },
    ],
  },
  {
    code: 'IT',
    name: 'Italy',
    aliases: ['italia'],
    vatRate: 0.22,
    cities: [
      { name: 'Rome', lat: 41.9028, lon: 12.4964 },
      { name: 'Milan', lat: 45.4642, lon: 9.19 },
      { name: 'Naples', lat: 40.8518, lon: 14.2681 },
      { name: 'Turin', lat: 45.0703, lon: 7.6869 },
    ],
  },
  {
    code: 'NL',
    name: 'Netherlands',
    aliases: ['the netherlands', 'holland'],
    vatRate: 0.21,
    cities: [
      { name: 'Amsterdam', lat: 52.3676, lon: 4.9041 },
      { name: 'Rotterdam', lat: 51.9244, lon: 4.4777 },
      { name: 'Utrecht', lat: 52.0907, lon: 5.1214 },
    ],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    aliases: ['uk', 'great britain', 'britain', 'england'],
    vatRate: 0.2,
    cities: [
      { name: 'London', lat: 51.5072, lon: -0.1276 },
      { name: 'Manchester', lat: 53.4808, lon: -2.2426 },
      { name: 'Birmingham', lat: 52.4862, lon: -1.8904 },
      { name: 'Edinburgh', lat: 55.9533, lon: -3.1883 },
    ],
  },
  {
    code: 'US',
    name: 'United States',
    aliases: ['usa', 'us', 'united states of america', 'america'],
    vatRate: 0,
    cities: [
      { name: 'New York', lat: 40.7128, lon: -74.006 },
      { name: 'Chicago', lat: 41.8781, lon: -87.6298 },
      { name: 'San Francisco', lat: 37.7749, lon: -122.4194 },
      { name: 'Austin', lat: 30.2672, lon: -97.7431 },
    ],
  },
  {
    code: 'PL',
    name: 'Poland',
    aliases: ['polska'],
    vatRate: 0.23,
    cities: [
      { name: 'Warsaw', lat: 52.2297, lon: 21.0122 },
      { name: 'Krakow', lat: 50.0647, lon: 19.945 },
      { name: 'Wroclaw', lat: 51.1079, lon: 17.0385 },
    ],
  },
  {
    code: 'SE',
    name: 'Sweden',
    aliases: ['sverige'],
    vatRate: 0.25,
    cities: [
      { name: 'Stockholm', lat: 59.3293, lon: 18.0686 },
      { name: 'Gothenburg', lat: 57.7089, lon: 11.9746 },
    ],
  },
  {
    code: 'BE',
    name: 'Belgium',
    aliases: ['belgique', 'belgie'],
    vatRate: 0.21,
    cities: [
      { name: 'Brussels', lat: 50.8503, lon: 4.3517 },
      { name: 'Antwerp', lat: 51.2194, lon: 4.4025 },
    ],
  },
  {
    code: 'AT',
    name: 'Austria',
    aliases: ['österreich', 'osterreich'],
    vatRate: 0.2,
    cities: [
      { name: 'Vienna', lat: 48.2082, lon: 16.3738 },
      { name: 'Graz', lat: 47.0707, lon: 15.4395 },
    ],
  },
];

const BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

export function countryByCode(code: string): Country | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** Resolves "Spain", "españa", "ES" or "uk" to the country, or undefined. */
export function findCountry(text: string): Country | undefined {
  const t = text.trim().toLowerCase();
  return COUNTRIES.find(
    (c) => c.code.toLowerCase() === t || c.name.toLowerCase() === t || c.aliases.includes(t),
  );
}
