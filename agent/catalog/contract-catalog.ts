import { CONTRACT_TABLES, type ContractTable } from '../../services/shared/db/contract.ts';

/**
 * What the agent knows about the orders database contract (design §5): each table's purpose, its
 * columns and the business definitions that involve it. The system prompt and the `describe_table` tool
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

const c = (name: string, type: string, note?: string): ColumnInfo =>
  note ? { name, type, note } : { name, type };

export const TABLES: Readonly<Record<ContractTable, TableInfo>> = {
  customers: {
    name: 'customers',
    purpose: 'People who placed orders.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('email', 'VARCHAR(254)', 'unique; personal data, masked unless AGENT_ALLOW_PII=true'),
      c('full_name', 'VARCHAR(200)'),
      c('country', 'CHAR(2)', 'ISO-3166 alpha-2 code, e.g. DE, FR, GB'),
      c('city', 'VARCHAR(100)'),
      c('created_at', 'DATETIME(3)', 'UTC; when the customer signed up'),
    ],
  },
  products: {
    name: 'products',
    purpose: 'The product catalogue.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('sku', 'VARCHAR(64)', 'unique'),
      c('name', 'VARCHAR(200)'),
      c('category', 'VARCHAR(64)'),
      c('unit_price', 'DECIMAL(12,2)', 'EUR'),
      c('active', 'BOOLEAN'),
      c('created_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  inventory: {
    name: 'inventory',
    purpose: 'Stock per product.',
    columns: [
      c('product_id', 'INT', 'primary key, references products.id'),
      c('on_hand', 'INT'),
      c('reserved', 'INT'),
      c('reorder_level', 'INT'),
      c('updated_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  orders: {
    name: 'orders',
    purpose: 'One row per order; the order number shown to customers is the id (ORD-XXXXXXXXXX).',
    columns: [
      c('id', 'VARCHAR(32)', 'primary key, e.g. ORD-7K2M9Q4XHB'),
      c('customer_id', 'INT', 'references customers.id'),
      c('status', 'ENUM', 'pending, on_hold, confirmed, shipped, delivered, cancelled, returned'),
      c('channel', 'VARCHAR(32)', 'web, mobile_app, marketplace, pos, partner_api, file_import, …'),
      c('currency', 'CHAR(3)', 'always EUR'),
      c('subtotal', 'DECIMAL(12,2)', 'sum of order_items.line_total'),
      c('shipping_fee', 'DECIMAL(12,2)'),
      c('tax', 'DECIMAL(12,2)'),
      c('total', 'DECIMAL(12,2)', 'subtotal + shipping_fee + tax'),
      c('ship_line1', 'VARCHAR(200)'),
      c('ship_city', 'VARCHAR(100)'),
      c('ship_postal_code', 'VARCHAR(20)'),
      c('ship_country', 'CHAR(2)', 'ISO-3166 alpha-2; the country an order is "from" or "to"'),
      c('latitude', 'DECIMAL(9,6)'),
      c('longitude', 'DECIMAL(9,6)'),
      c('fraud_score', 'SMALLINT', '0–100'),
      c(
        'cancel_reason',
        'VARCHAR(32)',
        'validation_failed, payment_declined, out_of_stock, fraud_suspected, customer_request',
      ),
      c('placed_at', 'DATETIME(3)', 'UTC; dates "orders placed" and revenue'),
      c('confirmed_at', 'DATETIME(3)', 'UTC'),
      c('shipped_at', 'DATETIME(3)', 'UTC'),
      c('delivered_at', 'DATETIME(3)', 'UTC'),
      c('cancelled_at', 'DATETIME(3)', 'UTC'),
      c('updated_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  order_items: {
    name: 'order_items',
    purpose: 'Lines of an order.',
    columns: [
      c('order_id', 'VARCHAR(32)', 'references orders.id'),
      c('line_no', 'SMALLINT', 'primary key with order_id'),
      c('product_id', 'INT', 'references products.id'),
      c('sku', 'VARCHAR(64)'),
      c('quantity', 'INT'),
      c('unit_price', 'DECIMAL(12,2)'),
      c('line_total', 'DECIMAL(12,2)'),
    ],
  },
  payments: {
    name: 'payments',
    purpose: 'Payment attempts of an order.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('order_id', 'VARCHAR(32)', 'references orders.id'),
      c('method', 'ENUM', 'card, paypal, bank_transfer, gift_card'),
      c('status', 'ENUM', 'authorized, captured, declined, voided, refunded'),
      c('amount', 'DECIMAL(12,2)'),
      c('provider_ref', 'VARCHAR(64)'),
      c('created_at', 'DATETIME(3)', 'UTC'),
      c('updated_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  shipments: {
    name: 'shipments',
    purpose: 'Parcels handed to a carrier.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('order_id', 'VARCHAR(32)', 'references orders.id'),
      c('carrier', 'VARCHAR(32)', 'DHL, UPS, FedEx, DPD, GLS, PostNL'),
      c('tracking_number', 'VARCHAR(64)'),
      c('status', 'ENUM', 'label_created, in_transit, delivered'),
      c('shipped_at', 'DATETIME(3)', 'UTC'),
      c('delivered_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  returns: {
    name: 'returns',
    purpose: 'Return requests, with the customer comment and its sentiment.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('order_id', 'VARCHAR(32)', 'references orders.id'),
      c('reason', 'ENUM', 'damaged, wrong_item, not_as_described, changed_mind, late_delivery, other'),
      c('comment', 'TEXT'),
      c('sentiment', 'ENUM', 'positive, neutral, negative'),
      c('sentiment_score', 'DECIMAL(4,3)'),
      c('status', 'ENUM', 'requested, approved, rejected, refunded'),
      c('refund_amount', 'DECIMAL(12,2)'),
      c('requested_at', 'DATETIME(3)', 'UTC'),
      c('resolved_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  order_events: {
    name: 'order_events',
    purpose: 'Append-only audit trail: every event applied to an order.',
    columns: [
      c('id', 'BIGINT', 'primary key'),
      c('event_id', 'VARCHAR(64)', 'unique CloudEvent id'),
      c('order_id', 'VARCHAR(32)'),
      c('type', 'VARCHAR(100)', 'e.g. com.mygreatcompany.order.placed'),
      c('source', 'VARCHAR(200)'),
      c('partition_id', 'VARCHAR(16)'),
      c('sequence_number', 'BIGINT'),
      c('occurred_at', 'DATETIME(3)', 'UTC'),
      c('recorded_at', 'DATETIME(3)', 'UTC'),
      c('payload', 'JSON', 'may contain personal data'),
    ],
  },
  notifications: {
    name: 'notifications',
    purpose: 'Outbox of customer and partner notifications.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('order_id', 'VARCHAR(32)'),
      c('channel', 'ENUM', 'email, webhook, sms'),
      c('recipient', 'VARCHAR(254)', 'personal data, masked unless AGENT_ALLOW_PII=true'),
      c('template', 'VARCHAR(64)'),
      c('status', 'ENUM', 'pending, sent, failed'),
      c('attempts', 'INT'),
      c('last_error', 'TEXT'),
      c('created_at', 'DATETIME(3)', 'UTC'),
      c('sent_at', 'DATETIME(3)', 'UTC'),
    ],
  },
  dead_letters: {
    name: 'dead_letters',
    purpose: 'Events the consumer could not process.',
    columns: [
      c('id', 'INT', 'primary key'),
      c('event_id', 'VARCHAR(200)'),
      c('partition_id', 'VARCHAR(16)'),
      c('sequence_number', 'BIGINT'),
      c('reason', 'VARCHAR(1000)'),
      c('payload', 'MEDIUMTEXT', 'raw event text; may contain personal data'),
      c('created_at', 'DATETIME(3)', 'UTC'),
    ],
  },
};

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
