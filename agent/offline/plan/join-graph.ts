import type { ContractTable } from '../../../services/shared/db/contract.ts';
import { primaryKeyOf, relations } from '../../../services/shared/db/schema.ts';
import type { Subject } from '../intent.ts';

/**
 * The contract tables as a graph the planner walks: each edge is a reference of the contract
 * (services/shared/db/schema.ts), many-to-one from child to parent. Joining towards a parent never multiplies rows; joining towards children does (an order has
 * many items), so filters on children become `IN (subquery)` semi-joins instead of joins.
 */
export type Alias = 'o' | 'c' | 'oi' | 'p' | 'i' | 's' | 'pay' | 'r' | 'n' | 'dl' | 'e';

export const TABLE: Readonly<Record<Alias, ContractTable>> = {
  o: 'orders',
  c: 'customers',
  oi: 'order_items',
  p: 'products',
  i: 'inventory',
  s: 'shipments',
  pay: 'payments',
  r: 'returns',
  n: 'notifications',
  dl: 'dead_letters',
  e: 'order_events',
};

export const BASE: Readonly<Record<Subject, Alias>> = {
  orders: 'o',
  items: 'oi',
  customers: 'c',
  returns: 'r',
  shipments: 's',
  payments: 'pay',
  products: 'p',
  notifications: 'n',
  dead_letters: 'dl',
  events: 'e',
};

/** Each table's alias, the inverse of TABLE. */
const ALIAS = Object.fromEntries(Object.entries(TABLE).map(([alias, table]) => [table, alias])) as Record<
  ContractTable,
  Alias
>;

/**
 * The column that identifies a row of each table (for COUNT(DISTINCT …) and semi-joins): the first
 * column of its primary key in services/shared/db/schema.ts.
 */
export const KEY: Readonly<Record<Alias, string>> = Object.fromEntries(
  Object.entries(TABLE).map(([alias, table]) => [alias, `${alias}.${primaryKeyOf(table)[0]}`]),
) as Record<Alias, string>;

interface Edge {
  child: Alias;
  parent: Alias;
  childColumn: string;
  parentColumn: string;
  /** One-to-one both ways (inventory ↔ products): never multiplies rows. */
  oneToOne?: boolean;
}

/** One edge per reference between contract tables, enforced by a foreign key or not. */
const EDGES: readonly Edge[] = relations().map((r) => {
  const child = ALIAS[r.table];
  const parent = ALIAS[r.references.table];
  return {
    child,
    parent,
    childColumn: `${child}.${r.column}`,
    parentColumn: `${parent}.${r.references.column}`,
    ...(r.oneToOne ? { oneToOne: true } : {}),
  };
});

export interface Step {
  from: Alias;
  to: Alias;
  /** Join condition columns: `to.column = from.column`. */
  fromColumn: string;
  toColumn: string;
  /** True when `to` can have many rows per `from` row. */
  fansOut: boolean;
}

/** The shortest path of joins from one table to another (breadth first); undefined when unreachable. */
export function pathBetween(from: Alias, to: Alias): Step[] | undefined {
  if (from === to) return [];
  const queue: Array<{ at: Alias; path: Step[] }> = [{ at: from, path: [] }];
  const seen = new Set<Alias>([from]);
  while (queue.length > 0) {
    const { at, path } = queue.shift() as { at: Alias; path: Step[] };
    for (const edge of EDGES) {
      const steps: Step[] = [];
      if (edge.child === at) {
        steps.push({
          from: at,
          to: edge.parent,
          fromColumn: edge.childColumn,
          toColumn: edge.parentColumn,
          fansOut: false,
        });
      }
      if (edge.parent === at) {
        steps.push({
          from: at,
          to: edge.child,
          fromColumn: edge.parentColumn,
          toColumn: edge.childColumn,
          fansOut: !edge.oneToOne,
        });
      }
      for (const step of steps) {
        if (seen.has(step.to)) continue;
        const next = [...path, step];
        if (step.to === to) return next;
        seen.add(step.to);
        queue.push({ at: step.to, path: next });
      }
    }
  }
  return undefined;
}
