import { COUNTRIES } from '../geography.ts';
import type { PaymentMethod } from '../vocabulary.ts';
import { DEFAULT_FRAUD_POLICY, type FraudPolicy } from './fraud-check.ts';

/** Where a payment method may be used; an absent list means everywhere. */
export interface PaymentMethodScope {
  countries?: readonly string[];
  channels?: readonly string[];
}

/** The limits the validation rules apply: plain data, so a deployment can set its own. */
export interface DecisionPolicy {
  maxQuantityPerLine: number;
  maxUnitsPerOrder: number;
  /** Order total (goods, shipping and VAT) bounds, in cents. */
  minTotalCents: number;
  maxTotalCents: number;
  /** Countries the shop ships to. */
  shipsTo: readonly string[];
  paymentMethods: Readonly<Record<PaymentMethod, PaymentMethodScope>>;
  /** Fraud score thresholds and indicator settings. */
  fraud: FraudPolicy;
}

/** SEPA transfers need a SEPA account: the shop's European countries, not the US. */
const SEPA = COUNTRIES.map((c) => c.code).filter((code) => code !== 'US');

export const DEFAULT_POLICY: DecisionPolicy = {
  maxQuantityPerLine: 20,
  maxUnitsPerOrder: 100,
  minTotalCents: 100,
  maxTotalCents: 1_000_000,
  shipsTo: COUNTRIES.map((c) => c.code),
  paymentMethods: {
    card: {},
    paypal: { channels: ['web', 'mobile_app', 'marketplace', 'partner_api'] },
    bank_transfer: { countries: SEPA },
    // Gift cards are the shop's own: redeemable in its own storefront, app and tills only.
    gift_card: { channels: ['web', 'mobile_app', 'pos'] },
  },
  fraud: DEFAULT_FRAUD_POLICY,
};

/** The default policy with a deployment's fraud thresholds (FRAUD_HOLD_SCORE, FRAUD_CANCEL_SCORE). */
export function policyWithFraudThresholds(thresholds: { holdAt: number; cancelAt: number }): DecisionPolicy {
  return { ...DEFAULT_POLICY, fraud: { ...DEFAULT_POLICY.fraud, ...thresholds } };
}

/** A deployment's settings: fraud thresholds and order total bounds (ORDER_MIN_TOTAL, ORDER_MAX_TOTAL). */
export function decisionPolicyFromSettings(settings: {
  fraud: { holdAt: number; cancelAt: number };
  orderTotal: { minCents: number; maxCents: number };
}): DecisionPolicy {
  return {
    ...policyWithFraudThresholds(settings.fraud),
    minTotalCents: settings.orderTotal.minCents,
    maxTotalCents: settings.orderTotal.maxCents,
  };
}
