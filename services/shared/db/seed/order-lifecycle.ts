import { fromCents } from '../../domain/money.ts';
import type { OrderStatus } from '../../domain/order-status.ts';
import type { CancelReason, PaymentMethod, PaymentStatus, ReturnStatus } from '../../domain/vocabulary.ts';
import { refundCents } from '../../domain/return-policy.ts';
import { toDbTime } from '../time.ts';
import { CARRIER_DAYS, CARRIER_WEIGHTS, DAY, HOUR, MINUTE, RETURN_REASON_WEIGHTS } from './distributions.ts';
import { RETURN_COMMENTS } from './return-comments.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

/** Where one seeded order got to by `now`, and when each step happened (epoch ms, null = not yet). */
export interface OrderFate {
  fraudScore: number;
  status: OrderStatus;
  cancelReason: CancelReason | null;
  /** When the pipeline decided (confirm, hold or cancel). */
  decisionAt: number;
  /** Held for manual fraud review on the way. */
  held: boolean;
  confirmedAt: number | null;
  shippedAt: number | null;
  deliveredAt: number | null;
  cancelledAt: number | null;
  paymentStatus: PaymentStatus | null;
  carrier: string | null;
}

/** Seeded fraud-review thresholds: at or above `hold` the order waits for review, at `cancel` it is refused. */
const FRAUD = { hold: 60, cancel: 85 } as const;

/**
 * Decides the fate, then walks the state machine only as far as `now` allows: pending, cancelled by the
 * pipeline (validation, fraud, payment, stock), held for review, confirmed, cancelled by the customer,
 * shipped.
 */
export function drawDecision(rng: Rng, placedAt: number, nowMs: number, method: PaymentMethod): OrderFate {
  const fraudScore = rng.chance(0.9) ? rng.int(35) : rng.chance(0.7) ? 35 + rng.int(45) : 80 + rng.int(21);
  const age = nowMs - placedAt;
  const fate: OrderFate = {
    fraudScore,
    status: 'pending',
    cancelReason: null,
    decisionAt: placedAt + MINUTE + rng.int(4 * MINUTE),
    held: false,
    confirmedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    paymentStatus: 'authorized',
    carrier: null,
  };
  const cancel = (reason: CancelReason, at: number, payment: PaymentStatus | null) => {
    fate.status = 'cancelled';
    fate.cancelReason = reason;
    fate.cancelledAt = at;
    fate.paymentStatus = payment;
  };

  if (age < 10 * MINUTE || (method === 'bank_transfer' && age < 4 * DAY && rng.chance(0.6))) {
    fate.status = 'pending';
  } else if (rng.chance(0.005)) {
    cancel('validation_failed', placedAt + 2000 + rng.int(5000), null);
  } else if (fraudScore >= FRAUD.cancel) {
    cancel('fraud_suspected', fate.decisionAt, 'voided');
  } else if (rng.chance(0.035)) {
    cancel('payment_declined', fate.decisionAt, 'declined');
  } else if (rng.chance(0.015)) {
    cancel('out_of_stock', fate.decisionAt, 'voided');
  } else {
    fate.held = fraudScore >= FRAUD.hold;
    // Manual fraud review takes hours to days, so recent held orders are still waiting.
    const releaseAt = fate.held ? fate.decisionAt + 2 * HOUR + rng.int(6 * DAY) : fate.decisionAt;
    if (fate.held && releaseAt > nowMs) {
      fate.status = 'on_hold';
    } else if (fate.held && rng.chance(0.3)) {
      cancel('fraud_suspected', releaseAt, 'voided');
    } else {
      fate.status = 'confirmed';
      fate.confirmedAt = releaseAt;
      const shipAt = releaseAt + 4 * HOUR + rng.int(68 * HOUR);
      if (rng.chance(0.02) && releaseAt + HOUR < nowMs) {
        cancel(
          'customer_request',
          Math.min(releaseAt + HOUR + rng.int(20 * HOUR), nowMs - MINUTE, shipAt - MINUTE),
          'voided',
        );
      } else if (shipAt < nowMs) {
        fate.status = 'shipped';
        fate.shippedAt = shipAt;
        fate.paymentStatus = 'captured';
      }
    }
  }
  return fate;
}

/** A shipped order's carrier, and its delivery when the carrier's typical transit has passed by `now`. */
export function drawDelivery(rng: Rng, fate: OrderFate, nowMs: number): void {
  if (fate.shippedAt === null) return;
  const carrier = rng.weighted(CARRIER_WEIGHTS);
  fate.carrier = carrier;
  const [lo, hi] = CARRIER_DAYS[carrier]!;
  const deliverAt = fate.shippedAt + lo * DAY + rng.int((hi - lo + 1) * DAY);
  if (deliverAt < nowMs) {
    fate.status = 'delivered';
    fate.deliveredAt = deliverAt;
  }
}

/**
 * Returns: only on delivered orders (about 9 %); the order becomes `returned` once the return is
 * accepted, and the refund is the goods with their VAT (shipping is not refunded).
 */
export function drawReturn(
  rng: Rng,
  fate: OrderFate,
  order: { id: string; subtotalCents: number; taxCents: number },
  nowMs: number,
): SeedRows['returns'][number] | null {
  if (fate.deliveredAt === null || !rng.chance(0.09)) return null;
  const requestedAt = fate.deliveredAt + HOUR + rng.int(25 * DAY);
  if (requestedAt >= nowMs) return null;
  const reason = rng.weighted(RETURN_REASON_WEIGHTS);
  const [comment, sentiment, score] = rng.pick(RETURN_COMMENTS[reason]);
  const resolvedAt = requestedAt + DAY + rng.int(6 * DAY);
  let returnStatus: ReturnStatus = 'requested';
  if (resolvedAt < nowMs)
    returnStatus = rng.weighted([
      ['refunded', 70],
      ['approved', 15],
      ['rejected', 15],
    ] as const);
  if (returnStatus === 'refunded' || returnStatus === 'approved') fate.status = 'returned';
  if (returnStatus === 'refunded') fate.paymentStatus = 'refunded';
  return {
    order_id: order.id,
    reason,
    comment: rng.chance(0.85) ? comment : null,
    sentiment: sentiment,
    sentiment_score: score,
    status: returnStatus,
    refund_amount:
      returnStatus === 'refunded' ? fromCents(refundCents(order.subtotalCents, order.taxCents)) : null,
    requested_at: toDbTime(requestedAt),
    resolved_at: returnStatus === 'requested' ? null : toDbTime(resolvedAt),
  };
}
