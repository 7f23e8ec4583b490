import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../shared/db/connection.ts';
import { sendProblem } from '../problem.ts';

const SKU = z.string().regex(/^[A-Z0-9-]{1,64}$/);
const listQuery = z.object({
  category: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

function toProduct(row: Record<string, unknown>) {
  const onHand = Number(row.on_hand ?? 0);
  const reserved = Number(row.reserved ?? 0);
  return {
    sku: row.sku,
    name: row.name,
    category: row.category,
    unitPrice: Number(row.unit_price),
    currency: 'EUR',
    available: Math.max(0, onHand - reserved),
  };
}

export function productRoutes(db: Db): Router {
  const router = Router();
  const base = () =>
    db('products as p')
      .leftJoin('inventory as i', 'i.product_id', 'p.id')
      .where('p.active', true)
      .select('p.sku', 'p.name', 'p.category', 'p.unit_price', 'i.on_hand', 'i.reserved');

  router.get('/api/products', async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      sendProblem(res, 400, 'Invalid query', undefined, {
        errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      });
      return;
    }
    const q = base().orderBy('p.category').orderBy('p.name').limit(parsed.data.limit);
    if (parsed.data.category) q.andWhere('p.category', parsed.data.category);
    res.json({ products: (await q).map(toProduct) });
  });

  router.get('/api/products/:sku', async (req, res) => {
    const sku = SKU.safeParse(req.params.sku);
    const row = sku.success ? await base().andWhere('p.sku', sku.data).first() : undefined;
    if (!row) {
      sendProblem(
        res,
        404,
        'Product not found',
        `No active product with SKU '${String(req.params.sku).slice(0, 64)}'.`,
      );
      return;
    }
    res.json(toProduct(row));
  });
  return router;
}
