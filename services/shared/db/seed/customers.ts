import type { Faker } from '@faker-js/faker';
import { COUNTRIES, type Country } from '../../domain/geography.ts';
import { toDbTime } from '../time.ts';
import { COUNTRY_WEIGHTS, DAY, EMAIL_DOMAINS } from './distributions.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

export interface Customer {
  id: number;
  country: Country;
  cityIndex: number;
  email: string;
  fullName: string;
  /** Lowered as orders are drawn; the sign-up date is drawn before it. */
  firstOrderAt: number;
}

/** One customer per four orders (at least 20), spread over the countries by their weights. */
export function drawCustomers(rng: Rng, fakerFor: (country: string) => Faker, orders: number): Customer[] {
  const customerCount = Math.max(20, Math.round(orders / 4));
  const countryChoices = COUNTRIES.map((c) => [c, COUNTRY_WEIGHTS[c.code] ?? 1] as const);
  const emails = new Set<string>();
  const customers: Customer[] = [];
  for (let i = 0; i < customerCount; i++) {
    const country = rng.weighted(countryChoices);
    const f = fakerFor(country.code);
    const first = f.person.firstName();
    const last = f.person.lastName();
    let email = f.internet
      .email({ firstName: first, lastName: last, provider: rng.pick(EMAIL_DOMAINS) })
      .toLowerCase();
    while (emails.has(email)) email = email.replace('@', `${rng.int(10)}@`);
    emails.add(email);
    customers.push({
      id: i + 1,
      country,
      cityIndex: rng.skewed(country.cities.length, 1.5),
      email,
      fullName: `${first} ${last}`,
      firstOrderAt: Number.POSITIVE_INFINITY,
    });
  }
  return customers;
}

/** The customers' rows, each signed up before their first order (or at any time, without orders). */
export function customerRows(
  rng: Rng,
  customers: readonly Customer[],
  startMs: number,
  nowMs: number,
): SeedRows['customers'] {
  return customers.map((c) => {
    const created = Number.isFinite(c.firstOrderAt)
      ? c.firstOrderAt - rng.int(60 * DAY)
      : startMs + rng.int(Math.max(1, nowMs - startMs));
    return {
      id: c.id,
      email: c.email,
      full_name: c.fullName,
      country: c.country.code,
      city: c.country.cities[c.cityIndex]!.name,
      created_at: toDbTime(created),
    };
  });
}
