import type { Knex } from 'knex';
import type { Condition } from './conditions.ts';
import { KEY, TABLE, pathBetween, type Alias, type Step } from './join-graph.ts';

/**
 * The FROM and WHERE of one SELECT: a base table, the joins it needed so far and its conditions.
 * Conditions on tables reachable without multiplying rows are joined; the others become semi-joins
 * (`o.id IN (SELECT oi.order_id FROM order_items oi … WHERE …)`), one per child table so that several
 * conditions on the same child must hold for the same row.
 */
export class QueryScope {
  readonly joins: Step[] = [];
  readonly where: string[] = [];
  /** A join to a child table was made (grouping by one), so counts must be DISTINCT. */
  fannedOut = false;
  private readonly joined = new Set<Alias>();

  constructor(
    private readonly k: Knex,
    readonly base: Alias,
  ) {
    this.joined.add(base);
  }

  /** Joins the tables on the way to `alias`; allowed to fan out only when `fanOut` (grouping by it). */
  require(alias: Alias, fanOut = false): boolean {
    const path = pathBetween(this.base, alias);
    if (!path) throw new Error(`No join path from ${this.base} to ${alias}`);
    if (!fanOut && path.some((s) => s.fansOut)) return false;
    for (const step of path) {
      if (this.joined.has(step.to)) continue;
      this.joins.push(step);
      this.joined.add(step.to);
      if (step.fansOut) this.fannedOut = true;
    }
    return true;
  }

  has(alias: Alias): boolean {
    return this.joined.has(alias);
  }

  /** Adds conditions to the WHERE clause. */
  filter(conditions: readonly Condition[]): void {
    const sql = this.expression(conditions);
    if (sql) this.where.push(sql);
  }

  /** The conditions as one boolean SQL expression over this scope (joining or semi-joining as needed). */
  expression(conditions: readonly Condition[]): string {
    const direct: string[] = [];
    const viaChild = new Map<string, { step: Step; conditions: Condition[] }>();
    for (const c of conditions) {
      const path = pathBetween(this.base, c.home);
      if (!path) throw new Error(`No join path from ${this.base} to ${c.home}`);
      const fan = path.findIndex((s) => s.fansOut);
      if (fan < 0) {
        this.require(c.home);
        direct.push(c.sql);
        continue;
      }
      for (const step of path.slice(0, fan)) this.require(step.to);
      const step = path[fan] as Step;
      const key = `${step.from}>${step.to}`;
      const group = viaChild.get(key) ?? { step, conditions: [] };
      group.conditions.push(c);
      viaChild.set(key, group);
    }
    for (const { step, conditions: inner } of viaChild.values()) {
      const sub = new QueryScope(this.k, step.to);
      sub.filter(inner);
      direct.push(`${step.fromColumn} IN (${sub.build().select(this.k.raw(step.toColumn)).toQuery()})`);
    }
    return direct.map((s) => (direct.length > 1 && /\bOR\b/i.test(s) ? `(${s})` : s)).join(' AND ');
  }

  /** A knex builder with this scope's FROM, joins and WHERE; the caller adds the select list. */
  build(): Knex.QueryBuilder {
    let qb = this.k(`${TABLE[this.base]} as ${this.base}`);
    for (const step of this.joins) {
      qb = qb.join(`${TABLE[step.to]} as ${step.to}`, step.toColumn, step.fromColumn);
    }
    for (const w of this.where) qb = qb.whereRaw(w);
    return qb;
  }

  /** COUNT(*) of base rows, DISTINCT when a join multiplied them. */
  countBase(): string {
    return this.fannedOut ? `COUNT(DISTINCT ${KEY[this.base]})` : 'COUNT(*)';
  }
}
