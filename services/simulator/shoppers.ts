import { Faker } from '@faker-js/faker';
import type { City } from '../shared/domain/geography.ts';
import { DISPOSABLE_EMAIL_DOMAINS } from '../shared/domain/order-decision/index.ts';
import { drawCustomers, type Customer } from '../shared/db/seed/customers.ts';
import { LOCALES } from '../shared/db/seed/distributions.ts';
import { round6 } from '../shared/db/seed/identifiers.ts';
import type { Rng } from '../shared/db/seed/rng.ts';
import type { AddressInput } from '../shared/domain/order-decision/index.ts';

/**
 * The simulated shoppers: customers drawn exactly as the seed draws them (country weights, local
 * names, one of the country's cities), addresses written by a Faker of the customer's locale, and a
 * GPS position a few kilometres from the city the order ships to.
 */
export class Shoppers {
  private readonly fakers: Map<string, Faker>;
  private readonly known: Customer[] = [];
  private fresh: Customer[] = [];

  constructor(
    private readonly rng: Rng,
    seed: number,
  ) {
    // Offset from the seed's own Faker seeds, so simulated shoppers are not the seeded database's.
    this.fakers = new Map(
      Object.entries(LOCALES).map(([code, locale], i) => {
        const f = new Faker({ locale });
        f.seed(seed * 101 + 7919 + i);
        return [code, f];
      }),
    );
  }

  fakerFor = (country: string): Faker => this.fakers.get(country) as Faker;

  /** A customer never seen in this run (their first order: no history for the fraud check). */
  newCustomer(): Customer {
    // drawCustomers draws at least 20 at a time; they are handed out one by one.
    if (this.fresh.length === 0) this.fresh = drawCustomers(this.rng, this.fakerFor, 80);
    const customer = this.fresh.shift()!;
    this.known.push(customer);
    return customer;
  }

  /** A returning customer about `share` of the time (loyal ones far more often), else a new one. */
  anyCustomer(share: number): Customer {
    if (this.known.length > 0 && this.rng.chance(share)) {
      return this.known[this.rng.skewed(this.known.length, 1.3)]!;
    }
    return this.newCustomer();
  }

  /** The same person at a throwaway mailbox provider (a fraud indicator). */
  disposableEmail(customer: Customer): string {
    const local = customer.email.split('@')[0]!;
    return `${local}${this.rng.int(1000)}@${this.rng.pick(DISPOSABLE_EMAIL_DOMAINS)}`;
  }

  /** Mostly the customer's own city, sometimes another city of the country (a gift, an office). */
  shipCity(customer: Customer): City {
    return this.rng.chance(0.85)
      ? customer.country.cities[customer.cityIndex]!
      : this.rng.pick(customer.country.cities);
  }

  address(country: string, city: City): AddressInput {
    const f = this.fakerFor(country);
    return { line1: f.location.streetAddress(), city: city.name, postalCode: f.location.zipCode(), country };
  }

  /** Within about 5 km of the city centre, as a phone's position is. */
  near(city: City): { lat: number; lon: number } {
    return {
      lat: round6(city.lat + (this.rng.next() - 0.5) * 0.1),
      lon: round6(city.lon + (this.rng.next() - 0.5) * 0.1),
    };
  }
}
