import { Counter, type Registry } from 'prom-client';

/**
 * `oms_agent_refusals_total{reason}`: statements the guard, the engine check or a cap refused, by reason
 * code (ADR 0007). A rising count is someone probing the agent, or a model that writes bad SQL.
 */
export function agentRefusalCounter(registry: Registry): (reason: string) => void {
  const counter = new Counter({
    name: 'oms_agent_refusals_total',
    help: 'Agent statements refused by the SQL guard, the engine check or a cap, by reason code.',
    labelNames: ['reason'],
    registers: [registry],
  });
  return (reason) => counter.inc({ reason });
}
