import type { Knex } from 'knex';
import { CONTRACT_TABLES } from '../contract.ts';
import type { MigrationContext } from '../migrate.ts';

/**
 * The orders agent connects as its own MySQL user that can only SELECT the contract tables (least
 * privilege: even a query that slips past the SQL guard cannot change data or read other schemas).
 * The user and password come from AGENT_DATABASE_URL; SQLite needs no user, the agent opens it read-only.
 */
export async function up(knex: Knex, ctx: MigrationContext): Promise<void> {
  if (knex.client.config.client !== 'mysql2' || !ctx.agentDatabaseUrl) return;
  const agent = new URL(ctx.agentDatabaseUrl.replace(/^mariadb:/, 'mysql:'));
  const user = decodeURIComponent(agent.username);
  const password = decodeURIComponent(agent.password);
  const host = ctx.agentUserHost;
  const [[{ db }]] = (await knex.raw('select database() as db')) as [[{ db: string }]];
  await knex.raw('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, host, password]);
  // Re-running with a new password rotates it.
  await knex.raw('ALTER USER ?@? IDENTIFIED BY ?', [user, host, password]);
  for (const table of CONTRACT_TABLES) {
    await knex.raw('GRANT SELECT ON ??.?? TO ?@?', [db, table, user, host]);
  }
}

export async function down(knex: Knex, ctx: MigrationContext): Promise<void> {
  if (knex.client.config.client !== 'mysql2' || !ctx.agentDatabaseUrl) return;
  const agent = new URL(ctx.agentDatabaseUrl.replace(/^mariadb:/, 'mysql:'));
  await knex.raw('DROP USER IF EXISTS ?@?', [decodeURIComponent(agent.username), ctx.agentUserHost]);
}
