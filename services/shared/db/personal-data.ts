import type { ContractTable } from './contract.ts';
import { contractTables } from './schema.ts';

/**
 * The contract columns that hold personal data (docs/security.md): what the orders agent never shows
 * unless AGENT_ALLOW_PII=true, what the agent's MySQL user is not granted, and what the SQLite engine
 * check refuses to read. Read from the `personal` flags of services/shared/db/schema.ts, so the guard,
 * the grants and the engine check cannot disagree with the contract.
 */
export const PERSONAL_COLUMNS: Readonly<Partial<Record<ContractTable, readonly string[]>>> =
  Object.fromEntries(
    contractTables().flatMap(([table, spec]) => {
      const personal = spec.columns.filter((c) => c.personal).map((c) => c.name);
      return personal.length > 0 ? [[table, personal]] : [];
    }),
  );

export function personalColumnsOf(table: string): readonly string[] {
  return PERSONAL_COLUMNS[table as ContractTable] ?? [];
}

export function isPersonalColumn(table: string, column: string): boolean {
  return personalColumnsOf(table.toLowerCase()).includes(column.toLowerCase());
}
