/**
 * The live order simulator (issue 12): realistic orders and their journeys through the real HTTP API,
 * bounded in rate and time. Its public face for the CLI; see docs/simulator.md.
 */
export { SIMULATION_BOUNDS, checkSettings, type SimulationSettings } from './bounds.ts';
export {
  INTENTS,
  INTENT_WEIGHTS,
  orderPlan,
  planOrders,
  type CatalogProduct,
  type Intent,
  type Journey,
  type PlannedOrder,
} from './plan.ts';
export { runSimulation, type SimulationOptions, type SimulationProgress } from './run-simulation.ts';
export { formatSummary, type ActionCounts, type SimulationSummary } from './summary.ts';
