import type { PaymentMethod } from '../../domain/vocabulary.ts';
import { ALNUM } from './distributions.ts';
import type { Rng } from './rng.ts';

/** Rounds a coordinate to the six decimals of DECIMAL(9,6). */
export function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The seed's stand-in for the hub's partition-key hash: stable, and spreads order ids evenly. */
export function partitionOf(orderId: string): number {
  let h = 0;
  for (let i = 0; i < orderId.length; i++) h = (Math.imul(h, 31) + orderId.charCodeAt(i)) >>> 0;
  return h % 4;
}

/** A reference in the style of the payment provider the method goes through. */
export function providerRef(rng: Rng, method: PaymentMethod): string {
  const alnum = (n: number) => Array.from({ length: n }, () => ALNUM[rng.int(ALNUM.length)]).join('');
  switch (method) {
    case 'card':
      return `pi_${alnum(20)}`;
    case 'paypal':
      return `PAYID-${alnum(16).toUpperCase()}`;
    case 'bank_transfer':
      return `SEPA-${alnum(12).toUpperCase()}`;
    case 'gift_card':
      return `GC-${alnum(10).toUpperCase()}`;
  }
}

/** A tracking number in the carrier's own format. */
export function trackingNumber(rng: Rng, carrier: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(10)).join('');
  const upper = (n: number) =>
    Array.from({ length: n }, () => ALNUM[rng.int(ALNUM.length)])
      .join('')
      .toUpperCase();
  switch (carrier) {
    case 'DHL':
      return `JVGL${digits(16)}`;
    case 'UPS':
      return `1Z${upper(16)}`;
    case 'FedEx':
      return digits(12);
    case 'DPD':
      return digits(14);
    case 'GLS':
      return digits(11);
    default:
      return `3S${upper(13)}`;
  }
}
