import type { Quote } from '../api.ts';
import { formatPrice } from '../format.ts';

/** The money part of a cart, checkout or order: the API's numbers, formatted, never recomputed here. */
export function Totals({
  totals,
  vatLabel = 'VAT',
}: {
  totals: Pick<Quote, 'subtotal' | 'shippingFee' | 'tax' | 'total'>;
  vatLabel?: string;
}) {
  return (
    <dl class="totals">
      <div>
        <dt>Subtotal</dt>
        <dd data-total="subtotal">{formatPrice(totals.subtotal)}</dd>
      </div>
      <div>
        <dt>Shipping</dt>
        <dd data-total="shipping">{totals.shippingFee === 0 ? 'Free' : formatPrice(totals.shippingFee)}</dd>
      </div>
      <div>
        <dt>{vatLabel}</dt>
        <dd data-total="tax">{formatPrice(totals.tax)}</dd>
      </div>
      <div class="total-row">
        <dt>Total</dt>
        <dd data-total="total">{formatPrice(totals.total)}</dd>
      </div>
    </dl>
  );
}

export function vatLabelFor(quote: Pick<Quote, 'vatRate'>): string {
  return `VAT (${Math.round(quote.vatRate * 1000) / 10}%)`;
}
