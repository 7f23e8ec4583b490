import type { QueryRunner } from '../query/query-runner.ts';
import { sqlBuilder } from '../query/sql-builder.ts';

/**
 * The values analysts name in questions ("Electronics", "Munich", "DHL"), read from the database so the
 * model can link words to columns. They go into the system prompt: LLMs read them there, and so does the
 * offline model.
 */
export interface ValueVocabulary {
  categories: string[];
  channels: string[];
  carriers: string[];
  cities: string[];
  countries: string[];
  products: string[];
}

export const EMPTY_VOCABULARY: ValueVocabulary = {
  categories: [],
  channels: [],
  carriers: [],
  cities: [],
  countries: [],
  products: [],
};

/** Lists longer than this are cut; the prompt must stay small and the values are only hints. */
const MAX_VALUES = 300;

export async function loadVocabulary(runner: QueryRunner): Promise<ValueVocabulary> {
  const k = sqlBuilder(runner.dialect);
  const distinct = async (table: string, column: string): Promise<string[]> => {
    const sql = k(table).distinct(column).whereNotNull(column).orderBy(column).limit(MAX_VALUES).toQuery();
    const result = await runner.run(sql);
    return result.rows.map((r) => String(r[0]));
  };
  const [categories, channels, carriers, shipCities, customerCities, shipCountries, products] =
    await Promise.all([
      distinct('products', 'category'),
      distinct('orders', 'channel'),
      distinct('shipments', 'carrier'),
      distinct('orders', 'ship_city'),
      distinct('customers', 'city'),
      distinct('orders', 'ship_country'),
      distinct('products', 'name'),
    ]);
  return {
    categories,
    channels,
    carriers,
    cities: [...new Set([...shipCities, ...customerCities])].sort(),
    countries: shipCountries,
    products,
  };
}

/**
 * Keeps the vocabulary fresh enough for a long-running server without querying on every question.
 */
export class VocabularyCache {
  private value: ValueVocabulary | undefined;
  private loadedAt = 0;
  private loading: Promise<ValueVocabulary> | undefined;

  constructor(
    private readonly runner: QueryRunner,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(): Promise<ValueVocabulary> {
    if (this.value && Date.now() - this.loadedAt < this.ttlMs) return this.value;
    this.loading ??= loadVocabulary(this.runner)
      .then((v) => {
        this.value = v;
        this.loadedAt = Date.now();
        return v;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
