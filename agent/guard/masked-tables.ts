import type { Dialect } from '../../services/shared/db/connection.ts';
import { CONTRACT_TABLES, type ContractTable } from '../../services/shared/db/contract.ts';
import { personalColumnsOf } from '../../services/shared/db/personal-data.ts';
import { TABLES } from '../catalog/contract-catalog.ts';

/**
 * Without AGENT_ALLOW_PII the guard replaces every read of a table that holds personal data by a derived
 * table of the same name and columns in which each personal column is a pseudonym built from the row's
 * key (ADR 0007). Whatever the statement does with the column afterwards — transform it, rename it,
 * union it, feed it to a function whose error message echoes it — it only ever sees the pseudonym, so no
 * expression can leak what the engine never read. Pseudonyms are distinct per row, so
 * `COUNT(DISTINCT email)` still counts customers. They read only non-personal columns, which is all the
 * agent's MySQL user is granted.
 */

type Pseudonym = (col: (name: string) => string, concat: (...parts: string[]) => string) => string;

const PSEUDONYMS: Readonly<Record<string, Pseudonym>> = {
  'customers.email': (col, concat) => concat(`'customer-'`, col('id'), `' (email hidden)'`),
  'customers.full_name': (col, concat) => concat(`'Customer '`, col('id')),
  'orders.ship_line1': () => `'(street hidden)'`,
  'notifications.recipient': (col, concat) => concat(`'recipient of notification '`, col('id')),
  'order_events.payload': () => `'{"hidden":"personal data"}'`,
  'dead_letters.payload': () => `'{"hidden":"personal data"}'`,
};

const QUOTE: Record<Dialect, (name: string) => string> = {
  mysql: (name) => `\`${name}\``,
  sqlite: (name) => `"${name}"`,
};
const CONCAT: Record<Dialect, (...parts: string[]) => string> = {
  mysql: (...parts) => `CONCAT(${parts.join(', ')})`,
  sqlite: (...parts) => `(${parts.join(' || ')})`,
};

/** The SELECT that stands in for `table` (undefined when the table holds no personal data). */
export function maskedTableSql(table: string, dialect: Dialect): string | undefined {
  const personal = personalColumnsOf(table);
  if (personal.length === 0 || !(CONTRACT_TABLES as readonly string[]).includes(table)) return undefined;
  const q = QUOTE[dialect];
  const columns = TABLES[table as ContractTable].columns.map(({ name }) => {
    if (!personal.includes(name)) return q(name);
    const pseudonym = PSEUDONYMS[`${table}.${name}`];
    if (!pseudonym) throw new Error(`No pseudonym is defined for the personal column ${table}.${name}`);
    return `${pseudonym(q, CONCAT[dialect])} AS ${q(name)}`;
  });
  return `SELECT ${columns.join(', ')} FROM ${q(table)}`;
}
