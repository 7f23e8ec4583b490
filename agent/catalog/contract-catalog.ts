import { CONTRACT_TABLES, type ContractTable } from '../../services/shared/db/contract.ts';
import { SCHEMA, sqlType, valuesOf, type ColumnSpec } from '../../services/shared/db/schema.ts';

/**
 * What the agent knows about the orders database contract (design §5): each table's purpose, its
 * columns (derived from services/shared/db/schema.ts) and the business definitions that involve it. The system prompt and the `describe_table` tool
 * read it from here, so a definition is written once.
 */

export interface ColumnInfo {
  name: string;
  type: string;
  note?: string;
}

export interface TableInfo {
  name: ContractTable;
  purpose: string;
  columns: readonly ColumnInfo[];
}

export interface BusinessDefinition {
  term: string;
  definition: string;
  tables: readonly ContractTable[];
}

/** The agent's one-line note on a column: its key role, its values, its meaning, whether it is masked. */
function noteOf(column: ColumnSpec, compositeKey: readonly string[]): string | undefined {
  const values = valuesOf(column);
  const parts = [
    column.primary ? 'primary key' : '',
    compositeKey.includes(column.name) ? `primary key (${compositeKey.join(', ')})` : '',
    column.unique ? 'unique' : '',
    column.references ? `references ${column.references.table}.${column.references.column}` : '',
    values ? `${values.join(', ')}${column.type.kind === 'enum' ? '' : ', …'}` : '',
    column.type.kind === 'datetime' ? 'UTC' : '',
    column.description,
    column.personal ? 'personal data, masked unless AGENT_ALLOW_PII=true' : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function tableInfo(name: ContractTable): TableInfo {
  const spec = SCHEMA[name];
  return {
    name,
    purpose: spec.description,
    columns: spec.columns.map((column) => {
      const note = noteOf(column, spec.primaryKey ?? []);
      const type = sqlType(column.type);
      return note ? { name: column.name, type, note } : { name: column.name, type };
    }),
  };
}

/** Every contract table as the agent describes it, read from services/shared/db/schema.ts. */
export const TABLES: Readonly<Record<ContractTable, TableInfo>> = Object.fromEntries(
  CONTRACT_TABLES.map((name) => [name, tableInfo(name)]),
) as Record<ContractTable, TableInfo>;

/** Design §5 "Business definitions": the agent and the reports use exactly these. */
export const BUSINESS_DEFINITIONS: readonly BusinessDefinition[] = [
  {
    term: 'revenue / sales',
    definition:
      "SUM(orders.total) over orders with status IN ('confirmed','shipped','delivered'), dated by placed_at.",
    tables: ['orders'],
  },
  { term: 'orders placed', definition: 'All orders, any status, dated by placed_at.', tables: ['orders'] },
  {
    term: 'average order value (AOV)',
    definition: 'Revenue ÷ number of orders counted in revenue.',
    tables: ['orders'],
  },
  { term: 'cancellation rate', definition: 'Cancelled orders ÷ orders placed.', tables: ['orders'] },
  {
    term: 'return rate',
    definition: "Orders with status 'returned' ÷ orders with status IN ('delivered','returned').",
    tables: ['orders', 'returns'],
  },
  {
    term: 'product revenue / units sold',
    definition:
      'SUM(order_items.line_total) / SUM(order_items.quantity) over items of revenue orders (status confirmed, shipped or delivered).',
    tables: ['order_items', 'products', 'orders'],
  },
  {
    term: 'fraud blocked',
    definition: "Orders with status 'cancelled' and cancel_reason = 'fraud_suspected'.",
    tables: ['orders'],
  },
  {
    term: 'available stock / low stock / out of stock',
    definition:
      'available = inventory.on_hand − inventory.reserved; low stock: available < reorder_level; out of stock: available ≤ 0.',
    tables: ['inventory', 'products'],
  },
  {
    term: 'delivery time',
    definition: 'delivered_at − placed_at, over orders that have a delivered_at.',
    tables: ['orders', 'shipments'],
  },
];

export function isContractTable(name: string): name is ContractTable {
  return (CONTRACT_TABLES as readonly string[]).includes(name);
}

export function definitionsFor(table: ContractTable): BusinessDefinition[] {
  return BUSINESS_DEFINITIONS.filter((d) => d.tables.includes(table));
}
