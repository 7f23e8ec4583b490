/**
 * The orders agent (issue #5): natural-language questions over the orders database, read-only, with the
 * SQL guard in front of every query. What the rest of the system uses:
 *
 * - `registerAgentCommands(program)` — `oms ask` and `oms chat`;
 * - `openOrdersAgent(config)` + `createAgentRouter(agent)` — `POST /api/agent/ask`;
 * - `OrdersAgent.create({ db, … })` — the agent itself, for tests and other fronts.
 */
export { registerAgentCommands } from './cli.ts';
export { createAgentRouter, askRequestSchema, type AskRequest } from './http.ts';
export { openOrdersAgent } from './open-orders-agent.ts';
export {
  OrdersAgent,
  type AgentAnswer,
  type AgentEvent,
  type AskOptions,
  type OrdersAgentOptions,
} from './orders-agent.ts';
export { answerJson } from './answer-json.ts';
export { agentRefusalCounter } from './metrics.ts';
export { guardSql, type GuardOptions, type GuardedSql } from './guard/sql-guard.ts';
export { GuardRefusal, type GuardRefusalCode } from './guard/guard-refusal.ts';
export type { AuditRecord, AuditLog } from './audit/audit-log.ts';
export { createChatModel, type AgentProvider } from './providers/chat-model.ts';
