import type { Knex } from 'knex';
import { syncAgentGrants } from './agent-grants.ts';
import type { Db } from './connection.ts';
import * as contractSchema from './migrations/0001_contract_schema.ts';
import * as agentReadonlyUser from './migrations/0002_agent_readonly_user.ts';
import * as notificationDispatch from './migrations/0004_notification_dispatch.ts';
import * as deadLetterRetry from './migrations/0005_dead_letter_retry.ts';

export interface MigrationContext {
  /** `mysql://agent:password@…` — the read-only user the agent connects as; unset ⇒ no user is created. */
  agentDatabaseUrl?: string | undefined;
  /** Host part of the agent account (`'%'` allows any host; narrow it in production). */
  agentUserHost: string;
  /** AGENT_ALLOW_PII: grant the agent user the personal columns too (default false). */
  agentAllowPii?: boolean | undefined;
}

interface Migration {
  up(knex: Knex, ctx: MigrationContext): Promise<void>;
  down(knex: Knex, ctx: MigrationContext): Promise<void>;
}

/**
 * Migrations are imported, not discovered on disk, so they work the same from TypeScript sources and
 * from a bundle. Append new ones; never edit one that has shipped.
 */
const MIGRATIONS: ReadonlyArray<[string, Migration]> = [
  ['0001_contract_schema', contractSchema],
  ['0002_agent_readonly_user', agentReadonlyUser],
  ['0004_notification_dispatch', notificationDispatch],
  ['0005_dead_letter_retry', deadLetterRetry],
];

function source(ctx: MigrationContext): Knex.MigrationSource<[string, Migration]> {
  return {
    getMigrations: async () => [...MIGRATIONS],
    getMigrationName: ([name]) => name,
    getMigration: async ([, m]) => ({
      up: (knex: Knex) => m.up(knex, ctx),
      down: (knex: Knex) => m.down(knex, ctx),
    }),
  };
}

/** Applies every pending migration; returns the names applied (empty when up to date). */
export async function migrateLatest(db: Db, ctx: Partial<MigrationContext> = {}): Promise<string[]> {
  const full: MigrationContext = { agentUserHost: '%', ...ctx };
  const [, applied] = (await db.migrate.latest({ migrationSource: source(full) })) as [number, string[]];
  if (full.agentDatabaseUrl) {
    await syncAgentGrants(db, {
      agentDatabaseUrl: full.agentDatabaseUrl,
      agentUserHost: full.agentUserHost,
      allowPii: full.agentAllowPii ?? false,
    });
  }
  return applied;
}

export async function migrateRollbackAll(db: Db, ctx: Partial<MigrationContext> = {}): Promise<void> {
  const full: MigrationContext = { agentUserHost: '%', ...ctx };
  await db.migrate.rollback({ migrationSource: source(full) }, true);
}
