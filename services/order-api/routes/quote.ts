import { Router } from 'express';
import { z } from 'zod';
import { fromCents } from '../../shared/domain/money.ts';
import { lineTotalCents, priceOrder, SHIPPING_RULE, vatRate } from '../../shared/domain/pricing.ts';
import { CURRENCY } from '../../shared/domain/vocabulary.ts';
import { quantitySchema, skuSchema } from '../../shared/events/order-event-data.ts';
import type { CatalogCache } from '../catalog-cache.ts';
import { sendProblem, type FieldError } from '../problem.ts';

/** What the storefront's cart asks: the lines and the country the order would ship to. */
export const quoteRequest = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO-3166 alpha-2 country code such as DE'),
  items: z
    .array(z.object({ sku: skuSchema, quantity: quantitySchema }))
    .min(1, 'a quote needs at least one item')
    .max(100),
});

/**
 * `POST /api/quote`: the totals an order would be charged, from the same prices intake puts on the
 * event (the catalogue cache) and the same rules the consumer applies (shared/domain/pricing.ts), so
 * the cart shows exactly what the order will cost. Amounts in EUR like the order view.
 */
export function quoteRoutes(catalog: CatalogCache): Router {
  const router = Router();
  router.post('/api/quote', (req, res) => {
    const parsed = quoteRequest.safeParse(req.body);
    if (!parsed.success) {
      sendProblem(res, 400, 'Invalid request', 'One or more fields are invalid.', {
        errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
      });
      return;
    }
    const { country, items } = parsed.data;
    const errors: FieldError[] = [];
    const lines = items.flatMap((item, index) => {
      const product = catalog.get(item.sku);
      if (!product || !product.active) {
        errors.push({ field: `items.${index}.sku`, message: `unknown or discontinued SKU ${item.sku}` });
        return [];
      }
      return [{ sku: item.sku, quantity: item.quantity, unitPrice: product.unitPrice }];
    });
    if (errors.length) {
      sendProblem(res, 400, 'Invalid request', 'One or more fields are invalid.', { errors });
      return;
    }
    const totals = priceOrder(lines, country);
    res.json({
      currency: CURRENCY,
      country,
      vatRate: vatRate(country),
      freeShippingFrom: fromCents(SHIPPING_RULE.freeFromCents),
      lines: lines.map((l) => ({ ...l, lineTotal: fromCents(lineTotalCents(l.unitPrice, l.quantity)) })),
      subtotal: fromCents(totals.subtotal),
      shippingFee: fromCents(totals.shipping),
      tax: fromCents(totals.tax),
      total: fromCents(totals.total),
    });
  });
  return router;
}
