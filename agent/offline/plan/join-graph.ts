import type { Subject } from '../intent.ts';

/**
 * The contract tables as a graph the planner walks: each edge is a foreign key, many-to-one from child to
 * parent. Joining towards a parent never multiplies rows; joining towards children does (an order has
 * many items), so filters on children become `IN (subquery)` semi-joins instead of joins.
 */
export type Alias = 'o' | 'c' | 'oi' | 'p' | 'i' | 's' | 'pay' | 'r' | 'n' | 'dl' | 'e';

export const TABLE: Readonly<Record<Alias, string>> = {
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

/** The column that identifies a row of each table (for COUNT(DISTINCT …) and semi-joins). */
export const KEY: Readonly<Record<Alias, string>> = {
  o: 'o.id',
  c: 'c.id',
  oi: 'oi.order_id',
  p: 'p.id',
  i: 'i.product_id',
  s: 's.id',
  pay: 'pay.id',
  r: 'r.id',
  n: 'n.id',
  dl: 'dl.id',
  e: 'e.id',
};

interface Edge {
  child: Alias;
  parent: Alias;
  childColumn: string;
  parentColumn: string;
  /** One-to-one both ways (inventory ↔ products): never multiplies rows. */
  oneToOne?: boolean;
}

const EDGES: readonly Edge[] = [
  { child: 'o', parent: 'c', childColumn: 'o.customer_id', parentColumn: 'c.id' },
  { child: 'oi', parent: 'o', childColumn: 'oi.order_id', parentColumn: 'o.id' },
  { child: 'oi', parent: 'p', childColumn: 'oi.product_id', parentColumn: 'p.id' },
  { child: 'i', parent: 'p', childColumn: 'i.product_id', parentColumn: 'p.id', oneToOne: true },
  { child: 's', parent: 'o', childColumn: 's.order_id', parentColumn: 'o.id' },
  { child: 'pay', parent: 'o', childColumn: 'pay.order_id', parentColumn: 'o.id' },
  { child: 'r', parent: 'o', childColumn: 'r.order_id', parentColumn: 'o.id' },
  { child: 'n', parent: 'o', childColumn: 'n.order_id', parentColumn: 'o.id' },
  { child: 'e', parent: 'o', childColumn: 'e.order_id', parentColumn: 'o.id' },
];

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
