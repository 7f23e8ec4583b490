/**
 * The order decision (issue 11): validation rules → checks → decision, pure functions over plain data.
 * The consumer reads what the decision needs, calls {@link decideOrder} per order, and writes the rows.
 */
export type {
  AddressInput,
  CatalogEntry,
  CatalogView,
  OrderInput,
  OrderLineInput,
  StockLedger,
} from './decision-input.ts';
export {
  DEFAULT_POLICY,
  decisionPolicyFromSettings,
  policyWithFraudThresholds,
  type DecisionPolicy,
  type PaymentMethodScope,
} from './decision-policy.ts';
export {
  CHECK_FAILURES,
  NO_HISTORY,
  decideOrder,
  type CheckFailure,
  type CustomerHistory,
  type DecidedLine,
  type DecisionChecks,
  type OrderDecision,
} from './decide-order.ts';
export {
  DEFAULT_FRAUD_POLICY,
  DISPOSABLE_EMAIL_DOMAINS,
  FRAUD_INDICATORS,
  assessFraud,
  distanceKm,
  type FraudAssessment,
  type FraudIndicator,
  type FraudPolicy,
  type FraudSignals,
} from './fraud-check.ts';
export { checkStock, drawDown, reserveStock, type Reservation } from './inventory-check.ts';
export {
  APPROVING_TEST_TOKENS,
  DECLINING_TEST_TOKENS,
  ELEVATED_RISK_TEST_TOKEN,
  FRAUD_TEST_TOKEN,
  GatewayUnavailableError,
  SimulatedGateway,
  chargeIdFor,
  type Authorization,
  type AuthorizationRequest,
  type PaymentGateway,
  type RiskLevel,
} from './payment-check.ts';
export { VALIDATION_RULES, failedRules, type ValidationRule } from './validation-rules.ts';
