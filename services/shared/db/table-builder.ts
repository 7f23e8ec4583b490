import type { Knex } from 'knex';
import type { ColumnSpec, TableSpec } from './schema.ts';

function addColumn(t: Knex.CreateTableBuilder, column: ColumnSpec): Knex.ColumnBuilder {
  const { name, type } = column;
  switch (type.kind) {
    case 'increments':
      return t.increments(name);
    case 'bigIncrements':
      return t.bigIncrements(name);
    case 'integer':
      return type.unsigned ? t.integer(name).unsigned() : t.integer(name);
    case 'smallint':
      return t.smallint(name);
    case 'bigInteger':
      return t.bigInteger(name);
    case 'string':
      return t.string(name, type.length);
    case 'char':
      return t.specificType(name, `char(${type.length})`);
    case 'decimal':
      return t.decimal(name, type.precision, type.scale);
    case 'datetime':
      return t.datetime(name, { precision: 3 });
    case 'boolean':
      return t.boolean(name);
    case 'text':
      return t.text(name);
    case 'mediumtext':
      return t.text(name, 'mediumtext');
    case 'json':
      return t.json(name);
    case 'enum':
      return t.enu(name, [...type.values]);
  }
}

/**
 * Builds one contract table from its specification (services/shared/db/schema.ts). The builder calls
 * keep one order — column, key, nullability, unique, reference, default; then the composite key and the
 * indexes — because knex emits constraints in call order and the DDL must not change with the refactor.
 */
export function buildTable(t: Knex.CreateTableBuilder, spec: TableSpec): void {
  for (const column of spec.columns) {
    let c = addColumn(t, column);
    if (column.primary) c = c.primary();
    // A key column is implicitly NOT NULL; saying so again would change the DDL.
    else c = column.nullable ? c.nullable() : c.notNullable();
    if (column.unique) c = c.unique();
    if (column.references && column.references.constraint !== false) {
      c.references(column.references.column).inTable(column.references.table);
    }
    if (column.defaultTo !== undefined) c.defaultTo(column.defaultTo);
  }
  if (spec.primaryKey) t.primary([...spec.primaryKey]);
  for (const index of spec.indexes ?? []) t.index([...index]);
}
