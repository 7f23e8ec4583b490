import path from 'node:path';
import type { Config } from '../services/shared/config.ts';
import { connect, dialectOf } from '../services/shared/db/connection.ts';
import type { Logger } from '../services/shared/logger.ts';
import { AUDIT_FILE_NAME, JsonlAuditLog } from './audit/audit-log.ts';
import { OrdersAgent, type OrdersAgentOptions } from './orders-agent.ts';
import type { AgentProvider } from './providers/chat-model.ts';

export interface OpenAgentOptions {
  logger?: Logger;
  /** Overrides AGENT_PROVIDER (the CLI's --provider). */
  provider?: AgentProvider;
  /** Pins "today" for relative dates (the CLI's --today); default the clock. */
  today?: string;
  /** Called with warnings worth showing to an operator (the CLI prints them on stderr). */
  warn?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Told the reason code of every refused or capped statement (the API's refusal counter). */
  onRefusal?: (code: string) => void;
}

/**
 * Opens the agent the way the fronts need it: on AGENT_DATABASE_URL (the read-only user; SQLite files
 * open read-only), with the configured provider and PII setting, auditing to
 * `<OMS_DATA_DIR>/agent-audit.jsonl`. `close()` releases the connection.
 */
export async function openOrdersAgent(config: Config, options: OpenAgentOptions = {}): Promise<OrdersAgent> {
  const url = config.agentDatabaseUrl ?? config.databaseUrl;
  if (!config.agentDatabaseUrl && dialectOf(url) === 'mysql') {
    options.warn?.(
      'AGENT_DATABASE_URL is not set: the agent connects with DATABASE_URL. Its queries stay guarded and run in read-only transactions, but set AGENT_DATABASE_URL to the read-only user (see docs/agent.md).',
    );
  }
  const db = await connect(url, { readOnly: true, poolMax: 4 });
  try {
    const agentOptions: OrdersAgentOptions = {
      db,
      ownsDb: true,
      provider: options.provider ?? config.agent.provider,
      allowPii: config.agent.allowPii,
      audit: new JsonlAuditLog(path.join(config.dataDir, AUDIT_FILE_NAME), options.logger),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.onRefusal ? { onRefusal: options.onRefusal } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.today ? { today: () => options.today as string } : {}),
    };
    return await OrdersAgent.create(agentOptions);
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
