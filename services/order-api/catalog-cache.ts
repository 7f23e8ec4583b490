import type { Db } from '../shared/db/connection.ts';
import { loadPriceList, type CatalogPrice } from '../shared/events/order-intake.ts';

/**
 * The prices order intake quotes, held in memory and refreshed in the background, so that accepting an
 * order reads nothing from the database on the hot path (design §2).
 */
export class CatalogCache {
  private bySku = new Map<string, CatalogPrice>();
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
    this.bySku = await loadPriceList(this.db);
  }

  get(sku: string): CatalogPrice | undefined {
    return this.bySku.get(sku);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
