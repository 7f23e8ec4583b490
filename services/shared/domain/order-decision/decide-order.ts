import { lineTotalCents, priceOrder, type OrderTotalsCents } from '../pricing.ts';
import type { CancelReason, PaymentStatus } from '../vocabulary.ts';
import type { CatalogView, OrderInput, StockLedger } from './decision-input.ts';
import { DEFAULT_POLICY, type DecisionPolicy } from './decision-policy.ts';
import { assessFraud, type FraudAssessment } from './fraud-check.ts';
import { checkStock, drawDown, type Reservation } from './inventory-check.ts';
import { SimulatedGateway, type Authorization, type PaymentGateway } from './payment-check.ts';
import { failedRules } from './validation-rules.ts';

export interface DecidedLine {
  /** 1-based, in the order's item order. */
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: number;
  lineTotalCents: number;
  /** Undefined for an unknown SKU: such a line cannot reference a product row. */
  productId: number | undefined;
}

/** The customer's orders before this one, as the batch read them from the database and counted since. */
export interface CustomerHistory {
  earlierOrders: number;
  /** Average total of the earlier orders in cents; null without earlier orders. */
  earlierAverageCents: number | null;
  ordersLastHour: number;
  ordersLastDay: number;
  /** Earlier orders in the last hour paid with the same card token. */
  cardOrdersLastHour: number;
}

export const NO_HISTORY: CustomerHistory = {
  earlierOrders: 0,
  earlierAverageCents: null,
  ordersLastHour: 0,
  ordersLastDay: 0,
  cardOrdersLastHour: 0,
};

/** The outside world the checks consult, as plain data or a pure interface. */
export interface DecisionChecks {
  gateway: PaymentGateway;
  history: CustomerHistory;
}

/** A check that failed; the first in this order becomes the cancel reason. */
export const CHECK_FAILURES = ['fraud_suspected', 'payment_declined', 'out_of_stock'] as const;
export type CheckFailure = (typeof CHECK_FAILURES)[number];

export interface OrderDecision {
  status: 'confirmed' | 'on_hold' | 'cancelled';
  cancelReason: CancelReason | null;
  /** Ids of the validation rules the order failed (empty unless `validation_failed`). */
  failedRules: string[];
  /** Every check that failed, in {@link CHECK_FAILURES} order (all three always run). */
  failedChecks: CheckFailure[];
  reservations: Reservation[];
  totals: OrderTotalsCents;
  lines: DecidedLine[];
  /** The payment row's status; null when the order never reached payment (validation failed). */
  payment: PaymentStatus | null;
  /** The gateway's charge id, or its decline code; null without a payment. */
  providerRef: string | null;
  /** Null when validation failed (no check ran). */
  fraud: FraudAssessment | null;
}

const simulator = new SimulatedGateway();

/**
 * Decides one placed order: validation rules first; then the payment, inventory and fraud checks, each
 * independent of the others' verdicts (none short-circuits another, so every failure is recorded; fraud
 * only reads the gateway's risk level, a signal, not its verdict); then the decision. Pure: plain data
 * in, plain data out; `stock` is the batch's ledger, drawn down when the order keeps its units
 * (confirmed or on hold) so the next order of the batch sees what is left.
 */
export function decideOrder(
  order: OrderInput,
  catalog: CatalogView,
  stock: StockLedger,
  policy: DecisionPolicy = DEFAULT_POLICY,
  checks: Partial<DecisionChecks> = {},
): OrderDecision {
  const totals = priceOrder(order.items, order.shippingAddress.country);
  const lines = order.items.map((item, index) => ({
    lineNo: index + 1,
    sku: item.sku,
    quantity: item.quantity,
    unitPrice: item.unitPrice,
    lineTotalCents: lineTotalCents(item.unitPrice, item.quantity),
    productId: catalog.get(item.sku)?.productId,
  }));

  const failed = failedRules(order, catalog, policy);
  if (failed.length > 0) {
    return {
      status: 'cancelled',
      cancelReason: 'validation_failed',
      failedRules: failed,
      failedChecks: [],
      reservations: [],
      totals,
      lines,
      payment: null,
      providerRef: null,
      fraud: null,
    };
  }

  const authorization: Authorization = (checks.gateway ?? simulator).authorize({
    idempotencyKey: order.orderId,
    method: order.paymentMethod,
    token: order.paymentToken,
    amountCents: totals.total,
  });
  const reservations = checkStock(order, catalog, stock);
  const history = checks.history ?? NO_HISTORY;
  const fraud = assessFraud(
    {
      email: order.email,
      totalCents: totals.total,
      customerCountry: order.customerCountry ?? order.shippingAddress.country,
      shipCountry: order.shippingAddress.country,
      shipCity: order.shippingAddress.city,
      location: order.location,
      ...history,
      riskLevel: authorization.riskLevel,
    },
    policy.fraud,
  );

  const failures = new Set<CheckFailure>();
  if (authorization.outcome === 'blocked_fraud' || fraud.verdict === 'block') failures.add('fraud_suspected');
  if (authorization.outcome === 'declined') failures.add('payment_declined');
  if (!reservations) failures.add('out_of_stock');
  const failedChecks = CHECK_FAILURES.filter((f) => failures.has(f));

  const providerRef =
    authorization.outcome === 'authorized' ? authorization.chargeId : authorization.declineCode;
  const authorized = authorization.outcome === 'authorized';
  if (failedChecks.length > 0 || !reservations) {
    return {
      status: 'cancelled',
      cancelReason: failedChecks[0] ?? 'out_of_stock',
      failedRules: [],
      failedChecks,
      reservations: [],
      totals,
      lines,
      // An authorization the order no longer needs is released at once.
      payment: authorized ? 'voided' : 'declined',
      providerRef,
      fraud,
    };
  }
  drawDown(stock, reservations);
  return {
    status: fraud.verdict === 'review' ? 'on_hold' : 'confirmed',
    cancelReason: null,
    failedRules: [],
    failedChecks: [],
    reservations,
    totals,
    lines,
    payment: 'authorized',
    providerRef,
    fraud,
  };
}
