/**
 * order-api's public face: what the composition roots (services/cli, services/local) may use.
 * Everything else in this folder is internal (eslint.boundaries.js).
 */
export { runOrderApi, type OrderApiOptions, type RunningOrderApi } from './run-order-api.ts';
export {
  apiSecurityFromConfig,
  createApiSecurity,
  type ApiSecurity,
  type ApiSecurityOptions,
} from './security/api-security.ts';
export {
  createOperatorAuth,
  type OperatorAuth,
  type OperatorAuthOptions,
  type Principal,
} from './security/operator-auth.ts';
export { localOperatorToken } from './security/local-operator-token.ts';
export type { OperatorSessionAccess } from './security/operator-session.ts';
export { orderCommands, type OrderCommands, type CommandResult } from './order-commands.ts';
export { createEventHubPublisher, type EventPublisher } from './event-publisher.ts';
