import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../agent/catalog/contract-catalog.ts';
import { KEY, pathBetween } from '../../agent/offline/plan/join-graph.ts';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { PERSONAL_COLUMNS, isPersonalColumn } from '../../services/shared/db/personal-data.ts';
import { SCHEMA, primaryKeyOf, relations, sqlType } from '../../services/shared/db/schema.ts';
import { ORDER_STATUSES } from '../../services/shared/domain/order-status.ts';
import { PAYMENT_STATUSES, RETURN_REASONS } from '../../services/shared/domain/vocabulary.ts';

/**
 * test/fixtures/design-contract.json is design §5 transcribed by hand: the external truth the schema
 * module is held against (the module may add, never drop or rename).
 */
const design = JSON.parse(
  readFileSync(new URL('../fixtures/design-contract.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

describe('the schema module (services/shared/db/schema.ts)', () => {
  it('has every table and column of design §5, in its order', () => {
    expect(Object.keys(design).sort()).toEqual([...CONTRACT_TABLES].sort());
    for (const [table, columns] of Object.entries(design)) {
      const names = SCHEMA[table as keyof typeof SCHEMA].columns.map((c) => c.name);
      expect(
        names.filter((n) => columns.includes(n)),
        table,
      ).toEqual(columns);
    }
  });

  it('takes its closed value sets from the domain vocabulary', () => {
    const type = (table: keyof typeof SCHEMA, column: string) =>
      SCHEMA[table].columns.find((c) => c.name === column)?.type;
    expect(type('orders', 'status')).toEqual({ kind: 'enum', values: ORDER_STATUSES });
    expect(type('payments', 'status')).toEqual({ kind: 'enum', values: PAYMENT_STATUSES });
    expect(type('returns', 'reason')).toEqual({ kind: 'enum', values: RETURN_REASONS });
  });

  it('flags personal data once for the guard, the grants and the engine check', () => {
    expect(PERSONAL_COLUMNS).toEqual({
      customers: ['email', 'full_name'],
      orders: ['ship_line1'],
      notifications: ['recipient'],
      order_events: ['payload'],
      dead_letters: ['payload'],
    });
    expect(isPersonalColumn('CUSTOMERS', 'Email')).toBe(true);
    expect(isPersonalColumn('orders', 'ship_city')).toBe(false);
  });

  it("gives the agent's catalogue every column with its MySQL type", () => {
    for (const table of CONTRACT_TABLES) {
      expect(TABLES[table].columns.map((c) => [c.name, c.type])).toEqual(
        SCHEMA[table].columns.map((c) => [c.name, sqlType(c.type)]),
      );
    }
    expect(TABLES.customers.columns.find((c) => c.name === 'email')?.note).toMatch(/unique.*personal data/);
  });

  it("gives the agent's join graph one edge per reference, one-to-one where the key is the reference", () => {
    expect(relations()).toHaveLength(9);
    expect(KEY.oi).toBe('oi.order_id');
    expect(primaryKeyOf('order_items')).toEqual(['order_id', 'line_no']);
    expect(pathBetween('p', 'i')).toEqual([
      { from: 'p', to: 'i', fromColumn: 'p.id', toColumn: 'i.product_id', fansOut: false },
    ]);
    // Events are joined to their order although no foreign key enforces it.
    expect(pathBetween('e', 'c')?.map((s) => s.to)).toEqual(['o', 'c']);
    expect(pathBetween('o', 'oi')?.[0]?.fansOut).toBe(true);
  });
});
