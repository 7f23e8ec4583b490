/**
 * The storefront never asks for a card number: a shopper picks a test card and the order carries the
 * payment gateway's test token for it (Stripe's documented test tokens), as a real checkout would carry
 * the token the gateway's own card field returned.
 */
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa ending 4242 (approved)' },
  { token: 'tok_mastercard', label: 'Mastercard ending 4444 (approved)' },
  { token: 'tok_amex', label: 'American Express ending 8431 (approved)' },
  { token: 'tok_chargeDeclined', label: 'Visa ending 0002 (declined)' },
  { token: 'tok_chargeDeclinedInsufficientFunds', label: 'Visa ending 9995 (declined: insufficient funds)' },
  { token: 'tok_chargeDeclinedFraudulent', label: 'Visa ending 0019 (declined: fraudulent)' },
  { token: 'tok_riskLevelElevated', label: 'Visa ending 9235 (elevated risk)' },
] as const;

export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  card: 'Credit or debit card',
  paypal: 'PayPal',
  bank_transfer: 'Bank transfer',
  gift_card: 'Gift card',
};
