/**
 * The tables of the design §5 contract: what the agent may read and what the read-only user is granted.
 * Listed parents first (foreign-key order): the seed inserts in this order and deletes in reverse.
 */
export const CONTRACT_TABLES = [
  'customers',
  'products',
  'inventory',
  'orders',
  'order_items',
  'payments',
  'shipments',
  'returns',
  'order_events',
  'notifications',
  'dead_letters',
] as const;
export type ContractTable = (typeof CONTRACT_TABLES)[number];
