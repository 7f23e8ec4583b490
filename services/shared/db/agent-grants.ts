import type { Knex } from 'knex';
import { CONTRACT_TABLES } from './contract.ts';
import { personalColumnsOf } from './personal-data.ts';

export interface AgentGrantOptions {
  /** `mysql://agent:password@…` — the read-only user the agent connects as. */
  agentDatabaseUrl: string;
  /** Host part of the agent account. */
  agentUserHost: string;
  /** AGENT_ALLOW_PII: with false the personal columns are not granted at all. */
  allowPii: boolean;
}

/**
 * Grants the agent's MySQL user exactly what it may read (ADR 0007), every time `oms migrate` runs, so a
 * change of AGENT_ALLOW_PII takes effect with the next migrate: SELECT on the contract tables, and on
 * tables holding personal data only on their other columns unless PII is allowed. Even a statement that
 * slipped past the SQL guard cannot read an email: the server refuses it.
 */
export async function syncAgentGrants(knex: Knex, options: AgentGrantOptions): Promise<void> {
  if (knex.client.config.client !== 'mysql2') return;
  const agent = new URL(options.agentDatabaseUrl.replace(/^mariadb:/, 'mysql:'));
  const user = decodeURIComponent(agent.username);
  const host = options.agentUserHost;
  const [[{ db }]] = (await knex.raw('select database() as db')) as [[{ db: string }]];
  await knex.raw('REVOKE ALL PRIVILEGES, GRANT OPTION FROM ?@?', [user, host]);
  for (const table of CONTRACT_TABLES) {
    const personal = options.allowPii ? [] : personalColumnsOf(table);
    if (personal.length === 0) {
      await knex.raw('GRANT SELECT ON ??.?? TO ?@?', [db, table, user, host]);
      continue;
    }
    const [rows] = (await knex.raw(
      'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
      [db, table],
    )) as [{ name: string }[]];
    const columns = rows.map((r) => r.name).filter((c) => !personal.includes(c));
    await knex.raw(`GRANT SELECT (${columns.map(() => '??').join(', ')}) ON ??.?? TO ?@?`, [
      ...columns,
      db,
      table,
      user,
      host,
    ]);
  }
}
