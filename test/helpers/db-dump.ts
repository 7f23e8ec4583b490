import type { Db } from '../../services/shared/db/connection.ts';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';

/**
 * Every contract table's rows, ordered by primary key and normalised (numbers as numbers, booleans as
 * 0/1, JSON as parsed) so dumps from SQLite and MySQL can be compared for equality.
 */
export async function dumpContractTables(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of CONTRACT_TABLES) {
    const order =
      table === 'order_items' ? ['order_id', 'line_no'] : table === 'inventory' ? ['product_id'] : ['id'];
    const rows = (await db(table).select('*').orderBy(order)) as Record<string, unknown>[];
    out[table] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => {
          if (typeof v === 'boolean') return [k, v ? 1 : 0];
          if (k === 'payload' && table === 'order_events' && typeof v === 'string') return [k, JSON.parse(v)];
          if (
            typeof v === 'string' &&
            /^-?\d+(\.\d+)?$/.test(v) &&
            k !== 'id' &&
            k !== 'order_id' &&
            k !== 'partition_id' &&
            k !== 'postal_code' &&
            k !== 'ship_postal_code' &&
            k !== 'tracking_number'
          )
            return [k, Number(v)];
          if (typeof v === 'bigint') return [k, Number(v)];
          return [k, v];
        }),
      ),
    );
  }
  return out;
}
