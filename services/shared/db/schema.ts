import { ORDER_STATUSES } from '../domain/order-status.ts';
import {
  CANCEL_REASONS,
  CARRIERS,
  CHANNELS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  RETURN_REASONS,
  RETURN_STATUSES,
  SENTIMENTS,
  SHIPMENT_STATUSES,
} from '../domain/vocabulary.ts';
import { CONTRACT_TABLES, type ContractTable } from './contract.ts';

/**
 * The orders database contract (design §5) as data, in the manner of Ghost's `schema.js`: every table,
 * column, type, nullability, key, index, closed value set, personal-data flag and meaning, written once.
 * Derived from it: migration 0001's tables, the personal-data list, the agent's catalogue and join graph,
 * and the column tables of docs/data-dictionary.md (checked by test/unit/data-dictionary.test.ts).
 *
 * This describes the current contract. Migration 0001 builds from it, so a column added later must be
 * added here AND by a new migration that adds it only where it is missing (a database created by the new
 * 0001 already has it); never rename or drop a contract column (design §5).
 */

export type ColumnType =
  | { kind: 'increments' }
  | { kind: 'bigIncrements' }
  | { kind: 'integer'; unsigned?: boolean }
  | { kind: 'smallint' }
  | { kind: 'bigInteger' }
  | { kind: 'string'; length: number }
  | { kind: 'char'; length: number }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'datetime' }
  | { kind: 'boolean' }
  | { kind: 'text' }
  | { kind: 'mediumtext' }
  | { kind: 'json' }
  | { kind: 'enum'; values: readonly string[] };

export interface Reference {
  table: ContractTable;
  column: string;
  /**
   * False for a join the database does not enforce: events and notifications may name an order the
   * database has not seen (yet), so they must still be recorded.
   */
  constraint?: boolean;
}

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Primary-key columns carry no nullability of their own. */
  nullable: boolean;
  primary?: boolean;
  unique?: boolean;
  references?: Reference;
  defaultTo?: string | number | boolean;
  /**
   * A column whose value set is open but whose usual values are known (`channel`, `carrier`): listed for
   * readers, not enforced. Closed sets are `enum` types.
   */
  knownValues?: readonly string[];
  /** Personal data (docs/security.md): masked by the agent, not granted to its MySQL user. */
  personal?: boolean;
  /** What the value means, for the data dictionary and the agent. */
  description: string;
}

export interface TableSpec {
  description: string;
  columns: readonly ColumnSpec[];
  /** A primary key of more than one column. */
  primaryKey?: readonly string[];
  indexes?: readonly (readonly string[])[];
}

// Small constructors keep the table definitions one line per column.
const money = { kind: 'decimal', precision: 12, scale: 2 } as const;
const timestamp = { kind: 'datetime' } as const;
const varchar = (length: number) => ({ kind: 'string', length }) as const;
const char = (length: number) => ({ kind: 'char', length }) as const;
const oneOf = (values: readonly string[]) => ({ kind: 'enum', values }) as const;
const id: ColumnSpec = {
  name: 'id',
  type: { kind: 'increments' },
  nullable: false,
  primary: true,
  description: '',
};
const orderRef: Reference = { table: 'orders', column: 'id' };

function col(
  name: string,
  type: ColumnType,
  nullable: boolean,
  description: string,
  more: Partial<ColumnSpec> = {},
): ColumnSpec {
  return { name, type, nullable, description, ...more };
}

export const SCHEMA: Readonly<Record<ContractTable, TableSpec>> = {
  customers: {
    description: 'People who placed orders.',
    columns: [
      { ...id, description: 'customer number' },
      col('email', varchar(254), false, 'login and contact address', { unique: true, personal: true }),
      col('full_name', varchar(200), false, '', { personal: true }),
      col('country', char(2), false, "ISO-3166 alpha-2 code of the customer's home address, e.g. DE, FR, GB"),
      col('city', varchar(100), false, 'home city'),
      col('created_at', timestamp, false, 'when the account was created (before the first order)'),
    ],
    indexes: [['country']],
  },
  products: {
    description: 'The product catalogue.',
    columns: [
      id,
      col('sku', varchar(64), false, 'stock keeping unit, e.g. `ELE-0003`', { unique: true }),
      col('name', varchar(200), false, ''),
      col(
        'category',
        varchar(64),
        false,
        'Electronics, Home & Kitchen, Sports & Outdoors, Fashion, Beauty, Books, Toys & Games, Garden',
      ),
      col('unit_price', money, false, 'current list price in EUR, excluding VAT'),
      col('active', { kind: 'boolean' }, false, 'false = no longer sold', { defaultTo: true }),
      col('created_at', timestamp, false, ''),
    ],
    indexes: [['category']],
  },
  inventory: {
    description: 'Stock per product.',
    columns: [
      {
        name: 'product_id',
        type: { kind: 'integer', unsigned: true },
        nullable: false,
        primary: true,
        references: { table: 'products', column: 'id' },
        description: 'one row per product',
      },
      col('on_hand', { kind: 'integer' }, false, 'units in the warehouse', { defaultTo: 0 }),
      col('reserved', { kind: 'integer' }, false, 'units promised to confirmed orders not yet shipped', {
        defaultTo: 0,
      }),
      col(
        'reorder_level',
        { kind: 'integer' },
        false,
        'below this available quantity the product should be reordered',
        { defaultTo: 0 },
      ),
      col('updated_at', timestamp, false, ''),
    ],
  },
  orders: {
    description: 'One row per order; the order number shown to customers is the id (ORD-XXXXXXXXXX).',
    columns: [
      {
        name: 'id',
        type: varchar(32),
        nullable: false,
        primary: true,
        description: 'order number shown to customers, `ORD-` + 10 base32 characters, e.g. ORD-7K2M9Q4XHB',
      },
      col('customer_id', { kind: 'integer', unsigned: true }, false, '', {
        references: { table: 'customers', column: 'id' },
      }),
      col('status', oneOf(ORDER_STATUSES), false, 'where the order is in its lifecycle'),
      col('channel', varchar(32), false, 'the integration the order came from', { knownValues: CHANNELS }),
      col('currency', char(3), false, 'always EUR', { defaultTo: 'EUR' }),
      col('subtotal', money, false, 'Σ `order_items.line_total`'),
      col('shipping_fee', money, false, '0 from 50 EUR subtotal, else 4.95', { defaultTo: 0 }),
      col('tax', money, false, 'VAT of the shipping country on the subtotal', { defaultTo: 0 }),
      col('total', money, false, '`subtotal + shipping_fee + tax`'),
      col('ship_line1', varchar(200), false, 'shipping address, street line', { personal: true }),
      col('ship_city', varchar(100), false, 'shipping address, city'),
      col('ship_postal_code', varchar(20), false, 'shipping address, postal code'),
      col('ship_country', char(2), false, 'ISO-3166 alpha-2; the country an order is "from" or "to"'),
      col(
        'latitude',
        { kind: 'decimal', precision: 9, scale: 6 },
        true,
        'where the order was placed, when the channel knows it',
      ),
      col(
        'longitude',
        { kind: 'decimal', precision: 9, scale: 6 },
        true,
        'where the order was placed, when the channel knows it',
      ),
      col(
        'fraud_score',
        { kind: 'smallint' },
        true,
        '0–100 from the fraud check; high scores hold or cancel the order',
      ),
      col('cancel_reason', varchar(32), true, 'set exactly when cancelled', { knownValues: CANCEL_REASONS }),
      col(
        'placed_at',
        timestamp,
        false,
        'when the customer placed it (the date of every report and of revenue)',
      ),
      col('confirmed_at', timestamp, true, 'lifecycle time'),
      col('shipped_at', timestamp, true, 'lifecycle time'),
      col('delivered_at', timestamp, true, 'lifecycle time'),
      col('cancelled_at', timestamp, true, 'lifecycle time'),
      col('updated_at', timestamp, false, 'last change'),
    ],
    indexes: [['placed_at'], ['status', 'placed_at'], ['customer_id']],
  },
  order_items: {
    description: 'Lines of an order.',
    columns: [
      col('order_id', varchar(32), false, '', { references: orderRef }),
      col('line_no', { kind: 'smallint' }, false, 'from 1 within the order'),
      col('product_id', { kind: 'integer', unsigned: true }, false, '', {
        references: { table: 'products', column: 'id' },
      }),
      col('sku', varchar(64), false, 'SKU at order time'),
      col('quantity', { kind: 'integer' }, false, '≥ 1'),
      col('unit_price', money, false, 'price at order time'),
      col('line_total', money, false, '`quantity × unit_price`'),
    ],
    primaryKey: ['order_id', 'line_no'],
    indexes: [['product_id']],
  },
  payments: {
    description: 'Payment attempts of an order.',
    columns: [
      id,
      col('order_id', varchar(32), false, '', { references: orderRef }),
      col('method', oneOf(PAYMENT_METHODS), false, ''),
      col(
        'status',
        oneOf(PAYMENT_STATUSES),
        false,
        '`declined` when the gateway refused, `captured` on shipment, `voided` when cancelled before capture',
      ),
      col('amount', money, false, 'order total'),
      col(
        'provider_ref',
        varchar(64),
        true,
        "the payment provider's reference: its charge id, or its decline code (`insufficient_funds`, …) when declined",
      ),
      col('created_at', timestamp, false, ''),
      col('updated_at', timestamp, false, ''),
    ],
    indexes: [['order_id']],
  },
  shipments: {
    description: 'Parcels handed to a carrier.',
    columns: [
      id,
      col('order_id', varchar(32), false, '', { references: orderRef }),
      col('carrier', varchar(32), false, '', { knownValues: CARRIERS }),
      col('tracking_number', varchar(64), false, ''),
      col('status', oneOf(SHIPMENT_STATUSES), false, ''),
      col('shipped_at', timestamp, true, ''),
      col('delivered_at', timestamp, true, ''),
    ],
    indexes: [['order_id']],
  },
  returns: {
    description: 'Return requests, with the customer comment and its sentiment.',
    columns: [
      id,
      col('order_id', varchar(32), false, 'only delivered orders can be returned', { references: orderRef }),
      col('reason', oneOf(RETURN_REASONS), false, ''),
      col('comment', { kind: 'text' }, true, "the customer's words"),
      col('sentiment', oneOf(SENTIMENTS), true, 'of the comment'),
      col(
        'sentiment_score',
        { kind: 'decimal', precision: 4, scale: 3 },
        true,
        '−1 (very negative) … +1 (very positive)',
      ),
      col('status', oneOf(RETURN_STATUSES), false, 'the order becomes `returned` when approved or refunded'),
      col('refund_amount', money, true, 'set when refunded'),
      col('requested_at', timestamp, false, ''),
      col('resolved_at', timestamp, true, ''),
    ],
    indexes: [['order_id']],
  },
  order_events: {
    description: 'Append-only audit trail: every event applied to an order.',
    columns: [
      { ...id, type: { kind: 'bigIncrements' } },
      col('event_id', varchar(64), false, 'CloudEvents `id`; the unique key makes redelivery a no-op', {
        unique: true,
      }),
      col(
        'order_id',
        varchar(32),
        false,
        'no foreign key, so events about unknown orders are still recorded',
        {
          references: { ...orderRef, constraint: false },
        },
      ),
      col('type', varchar(100), false, 'CloudEvents type, e.g. `com.mygreatcompany.order.placed`'),
      col(
        'source',
        varchar(200),
        false,
        'CloudEvents source (`/channels/web`, `/warehouse`, `oms-consumer`, …)',
      ),
      col(
        'partition_id',
        varchar(16),
        true,
        'where the event sat on the hub; NULL for decisions the OMS recorded itself',
      ),
      col('sequence_number', { kind: 'bigInteger' }, true, 'where the event sat on the hub'),
      col('occurred_at', timestamp, false, 'event time'),
      col('recorded_at', timestamp, false, 'when the OMS wrote it'),
      col(
        'payload',
        { kind: 'json' },
        true,
        "the event's `data`: the whole order, customer and address included",
        {
          personal: true,
        },
      ),
    ],
    indexes: [['order_id']],
  },
  notifications: {
    description: 'Outbox of customer and partner notifications.',
    columns: [
      id,
      col('order_id', varchar(32), true, 'NULL for operator alerts (migration 0004)', {
        references: { ...orderRef, constraint: false },
      }),
      col('channel', oneOf(NOTIFICATION_CHANNELS), false, ''),
      col('recipient', varchar(254), false, 'address, phone number or URL', { personal: true }),
      col('template', varchar(64), false, 'e.g. `order_confirmation`, `order_shipped`'),
      col('status', oneOf(NOTIFICATION_STATUSES), false, '', { defaultTo: 'pending' }),
      col('attempts', { kind: 'integer' }, false, 'delivery attempts so far', { defaultTo: 0 }),
      col('last_error', { kind: 'text' }, true, ''),
      col('created_at', timestamp, false, ''),
      col('sent_at', timestamp, true, ''),
      // Migration 0004 (docs/notifications.md): what the dispatcher renders and when it may try again.
      col(
        'payload',
        { kind: 'json' },
        true,
        'template data without personal data: reason, carrier, tracking number, amounts',
      ),
      col('language', varchar(8), true, 'language of the message, from the customer country; NULL = English'),
      col('next_attempt_at', timestamp, true, 'not sent before this time (retry backoff); NULL = at once'),
      col('claimed_by', varchar(64), true, 'dispatcher instance that holds the row'),
      col(
        'claimed_until',
        timestamp,
        true,
        "end of that instance's lease; after it another may claim the row",
      ),
    ],
    indexes: [['order_id'], ['status'], ['status', 'next_attempt_at']],
  },
  dead_letters: {
    description: 'Events the consumer could not process.',
    columns: [
      id,
      col('event_id', varchar(200), true, 'when the message had one'),
      col('partition_id', varchar(16), true, 'where it sat on the hub'),
      col('sequence_number', { kind: 'bigInteger' }, true, 'where it sat on the hub'),
      col('reason', varchar(1000), false, 'why it was not applied'),
      // Raw text, not JSON: a dead letter is often exactly the payload that failed to parse.
      col('payload', { kind: 'mediumtext' }, true, 'the raw message body, as received', { personal: true }),
      col('created_at', timestamp, false, ''),
      col('retried_at', timestamp, true, 'when an operator sent the payload back through the hub (once)'),
    ],
    indexes: [['created_at']],
  },
};

/** The tables in foreign-key order (parents first), each with its specification. */
export function contractTables(): [ContractTable, TableSpec][] {
  return CONTRACT_TABLES.map((name) => [name, SCHEMA[name]]);
}

/** The MySQL type of a column as design §5 and the data dictionary write it. */
export function sqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'increments':
      return 'INT UNSIGNED';
    case 'bigIncrements':
      return 'BIGINT UNSIGNED';
    case 'integer':
      return type.unsigned ? 'INT UNSIGNED' : 'INT';
    case 'smallint':
      return 'SMALLINT';
    case 'bigInteger':
      return 'BIGINT';
    case 'string':
      return `VARCHAR(${type.length})`;
    case 'char':
      return `CHAR(${type.length})`;
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'datetime':
      return 'DATETIME(3)';
    case 'boolean':
      return 'BOOLEAN';
    case 'text':
      return 'TEXT';
    case 'mediumtext':
      return 'MEDIUMTEXT';
    case 'json':
      return 'JSON';
    case 'enum':
      return 'ENUM';
  }
}

/** The values a column takes: the enforced set of an enum, else the known values of an open column. */
export function valuesOf(column: ColumnSpec): readonly string[] | undefined {
  return column.type.kind === 'enum' ? column.type.values : column.knownValues;
}

/** The columns of the contract's primary key of `table`, in key order. */
export function primaryKeyOf(table: ContractTable): readonly string[] {
  const spec = SCHEMA[table];
  return spec.primaryKey ?? spec.columns.filter((c) => c.primary).map((c) => c.name);
}

export interface Relation {
  table: ContractTable;
  column: string;
  references: Reference;
  /** The child's column is its whole primary key: at most one child row per parent row. */
  oneToOne: boolean;
}

/** Every many-to-one (or one-to-one) relation between contract tables, enforced or not. */
export function relations(): Relation[] {
  return contractTables().flatMap(([table, spec]) =>
    spec.columns.flatMap((c) =>
      c.references
        ? [
            {
              table,
              column: c.name,
              references: c.references,
              oneToOne: primaryKeyOf(table).length === 1 && primaryKeyOf(table)[0] === c.name,
            },
          ]
        : [],
    ),
  );
}
