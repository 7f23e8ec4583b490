import { countryByCode } from '../geography.ts';
import type { RiskLevel } from './payment-check.ts';

/**
 * What the fraud check knows about one order: the event's own fields plus what the batch read from the
 * database once (the customer's earlier orders) and counted while deciding (earlier orders of the batch).
 */
export interface FraudSignals {
  email: string;
  totalCents: number;
  /** The customer's country as the order states it. */
  customerCountry: string;
  shipCountry: string;
  shipCity: string;
  /** Where the order was placed, when the channel knows it. */
  location: { lat: number; lon: number } | undefined;
  /** Orders the customer placed before this one (all time), and their average total in cents. */
  earlierOrders: number;
  earlierAverageCents: number | null;
  ordersLastHour: number;
  ordersLastDay: number;
  /** Earlier orders in the last hour paid with the same card token (0 for other methods). */
  cardOrdersLastHour: number;
  riskLevel: RiskLevel;
}

export interface FraudPolicy {
  /** A score at or above this holds the order for review (`on_hold`). */
  holdAt: number;
  /** A score at or above this cancels the order as `fraud_suspected`. */
  cancelAt: number;
  /** The order total is suspicious at this multiple of the customer's average. */
  amountHistoryFactor: number;
  maxOrdersPerHour: number;
  maxOrdersPerDay: number;
  maxCardOrdersPerHour: number;
  /** Distance between the order's GPS position and the shipping city above which it is suspicious. */
  maxDistanceKm: number;
  /** A first order at or above this total (cents) is suspicious. */
  firstOrderMaxCents: number;
  disposableDomains: readonly string[];
  /** Points each indicator adds when it fires; the score is their sum, capped at 100. */
  weights: Readonly<Record<FraudIndicator, number>>;
}

export const FRAUD_INDICATORS = [
  'amount_above_history',
  'customer_velocity_hour',
  'customer_velocity_day',
  'card_velocity_hour',
  'ship_country_differs',
  'location_far_from_city',
  'disposable_email',
  'large_first_order',
  'gateway_risk_elevated',
  'gateway_risk_highest',
] as const;
export type FraudIndicator = (typeof FRAUD_INDICATORS)[number];

/** A short list of well-known throwaway mailbox providers; a deployment can extend it. */
export const DISPOSABLE_EMAIL_DOMAINS = [
  'mailinator.com',
  'guerrillamail.com',
  '10minutemail.com',
  'tempmail.com',
  'temp-mail.org',
  'yopmail.com',
  'trashmail.com',
  'sharklasers.com',
  'getnada.com',
  'dispostable.com',
  'maildrop.cc',
  'throwawaymail.com',
] as const;

export const DEFAULT_FRAUD_POLICY: FraudPolicy = {
  holdAt: 65,
  cancelAt: 85,
  amountHistoryFactor: 5,
  maxOrdersPerHour: 3,
  maxOrdersPerDay: 10,
  maxCardOrdersPerHour: 5,
  maxDistanceKm: 500,
  firstOrderMaxCents: 100_000,
  disposableDomains: DISPOSABLE_EMAIL_DOMAINS,
  weights: {
    amount_above_history: 25,
    customer_velocity_hour: 20,
    customer_velocity_day: 15,
    card_velocity_hour: 15,
    ship_country_differs: 15,
    location_far_from_city: 20,
    disposable_email: 20,
    large_first_order: 15,
    gateway_risk_elevated: 30,
    gateway_risk_highest: 60,
  },
};

export interface FraudAssessment {
  score: number;
  /** The indicators that fired, in {@link FRAUD_INDICATORS} order. */
  indicators: FraudIndicator[];
  verdict: 'pass' | 'review' | 'block';
}

/** Great-circle distance in km (haversine; the Earth as a sphere is plenty for a fraud hint). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Coordinates of a city the shop knows, or undefined (then the distance indicator cannot fire). */
function cityPosition(country: string, city: string): { lat: number; lon: number } | undefined {
  const name = city.trim().toLowerCase();
  return countryByCode(country)?.cities.find((c) => c.name.toLowerCase() === name);
}

const TESTS: Readonly<Record<FraudIndicator, (s: FraudSignals, p: FraudPolicy) => boolean>> = {
  amount_above_history: (s, p) =>
    s.earlierOrders > 0 &&
    s.earlierAverageCents !== null &&
    s.totalCents >= s.earlierAverageCents * p.amountHistoryFactor,
  customer_velocity_hour: (s, p) => s.ordersLastHour >= p.maxOrdersPerHour,
  customer_velocity_day: (s, p) => s.ordersLastDay >= p.maxOrdersPerDay,
  card_velocity_hour: (s, p) => s.cardOrdersLastHour >= p.maxCardOrdersPerHour,
  ship_country_differs: (s) => s.shipCountry !== s.customerCountry,
  location_far_from_city: (s, p) => {
    const city = cityPosition(s.shipCountry, s.shipCity);
    return s.location !== undefined && city !== undefined && distanceKm(s.location, city) > p.maxDistanceKm;
  },
  disposable_email: (s, p) => p.disposableDomains.includes(s.email.split('@').pop()!.toLowerCase()),
  large_first_order: (s, p) => s.earlierOrders === 0 && s.totalCents >= p.firstOrderMaxCents,
  gateway_risk_elevated: (s) => s.riskLevel === 'elevated',
  gateway_risk_highest: (s) => s.riskLevel === 'highest',
};

/** Scores one order 0–100 from the indicators that fire, and says what the score means under `policy`. */
export function assessFraud(signals: FraudSignals, policy: FraudPolicy): FraudAssessment {
  const indicators = FRAUD_INDICATORS.filter((i) => TESTS[i](signals, policy));
  const score = Math.min(
    100,
    indicators.reduce((sum, i) => sum + policy.weights[i], 0),
  );
  const verdict = score >= policy.cancelAt ? 'block' : score >= policy.holdAt ? 'review' : 'pass';
  return { score, indicators, verdict };
}
