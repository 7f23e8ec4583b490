import { createHash } from 'node:crypto';
import type { PaymentMethod } from '../vocabulary.ts';

/** The gateway's view of a charge's risk (Stripe's `outcome.risk_level`). */
export type RiskLevel = 'normal' | 'elevated' | 'highest';

export interface AuthorizationRequest {
  /** One key per order: asking again with the same key returns the first answer, never a second charge. */
  idempotencyKey: string;
  method: PaymentMethod;
  /** The gateway token the storefront obtained; absent for methods that need none. */
  token: string | undefined;
  amountCents: number;
}

export type Authorization =
  | { outcome: 'authorized'; chargeId: string; riskLevel: RiskLevel }
  /** `declineCode` is Stripe's (`insufficient_funds`, …); it is what `payments.provider_ref` records. */
  | { outcome: 'declined'; declineCode: string; riskLevel: RiskLevel }
  /** The gateway's own fraud screen refused the charge (Stripe Radar's block). */
  | { outcome: 'blocked_fraud'; declineCode: 'fraudulent'; riskLevel: 'highest' };

/**
 * What the order decision needs from a payment provider. Synchronous on purpose: the decision is pure,
 * so a remote gateway is asked before the decision (once per order of the batch, with the order's
 * idempotency key) and its answers are handed in; the local simulator needs no I/O at all.
 */
export interface PaymentGateway {
  authorize(request: AuthorizationRequest): Authorization;
}

/**
 * The gateway could not answer (timeout, 5xx, network). Not a decline: the consumer retries the batch,
 * and asking again with the same idempotency key cannot charge twice.
 */
export class GatewayUnavailableError extends Error {
  readonly code = 'GATEWAY_UNAVAILABLE';
  constructor(message = 'the payment gateway did not answer') {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}

/** Stripe's test tokens that decline, with the decline code Stripe reports for each. */
export const DECLINING_TEST_TOKENS: Readonly<Record<string, string>> = {
  tok_chargeDeclined: 'generic_decline',
  tok_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  tok_chargeDeclinedExpiredCard: 'expired_card',
  tok_chargeDeclinedIncorrectCvc: 'incorrect_cvc',
  tok_chargeDeclinedProcessingError: 'processing_error',
  tok_chargeDeclinedLostCard: 'lost_card',
  tok_chargeDeclinedStolenCard: 'stolen_card',
};

export const APPROVING_TEST_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_amex'] as const;
export const FRAUD_TEST_TOKEN = 'tok_chargeDeclinedFraudulent';
export const ELEVATED_RISK_TEST_TOKEN = 'tok_riskLevelElevated';

/**
 * A local payment gateway that answers as Stripe's test mode does for its documented test tokens
 * (https://docs.stripe.com/testing). Other well-formed tokens approve, as an ordinary sandbox card does.
 * Methods other than card (PayPal, bank transfer, gift card) are settled outside the card network and
 * approve here; a card with no token never reaches the gateway (rule `payment.card_token`).
 *
 * The charge id is derived from the idempotency key, so a repeated request answers with the same
 * charge: a redelivered event cannot authorize twice.
 */
export class SimulatedGateway implements PaymentGateway {
  authorize(request: AuthorizationRequest): Authorization {
    const token = request.token ?? '';
    if (request.method === 'card') {
      if (token === FRAUD_TEST_TOKEN) {
        return { outcome: 'blocked_fraud', declineCode: 'fraudulent', riskLevel: 'highest' };
      }
      const declineCode = DECLINING_TEST_TOKENS[token];
      if (declineCode) return { outcome: 'declined', declineCode, riskLevel: 'normal' };
    }
    return {
      outcome: 'authorized',
      chargeId: chargeIdFor(request.idempotencyKey),
      riskLevel: request.method === 'card' && token === ELEVATED_RISK_TEST_TOKEN ? 'elevated' : 'normal',
    };
  }
}

/** `ch_sim_` + 24 hex digits of the key's hash: stable per key, fits `payments.provider_ref`. */
export function chargeIdFor(idempotencyKey: string): string {
  return `ch_sim_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}
