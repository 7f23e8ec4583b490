import type { Db } from '../shared/db/connection.ts';

export interface CatalogEntry {
  sku: string;
  unitPrice: number;
  active: boolean;
}

/**
 * The prices order intake quotes, held in memory and refreshed in the background, so that accepting an
 * order reads nothing from the database on the hot path (design §2).
 */
export class CatalogCache {
  private bySku = new Map<string, CatalogEntry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly refreshMs = 30_000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    const rows = (await this.db('products').select('sku', 'unit_price', 'active')) as {
      sku: string;
      unit_price: number | string;
      active: number | boolean;
    }[];
    this.bySku = new Map(
      rows.map((r) => [r.sku, { sku: r.sku, unitPrice: Number(r.unit_price), active: Boolean(r.active) }]),
    );
  }

  get(sku: string): CatalogEntry | undefined {
    return this.bySku.get(sku);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
