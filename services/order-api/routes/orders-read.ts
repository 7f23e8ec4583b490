import { Router } from 'express';
import type { Db } from '../../shared/db/connection.ts';
import { findOrder } from '../order-read-model.ts';
import type { ApiSecurity } from '../security/api-security.ts';
import { orderNotFound } from '../security/order-access.ts';

/** Order tracking: the shopper with their order token or email, or an operator (see docs/security.md). */
export function orderReadRoutes(db: Db, security: ApiSecurity): Router {
  const router = Router();
  router.get('/api/orders/:id', security.limits.tracking, security.orderAccess(db), async (req, res) => {
    const id = String(req.params.id);
    const order = await findOrder(db, id);
    if (!order) return orderNotFound(res, id);
    res.json(order);
  });
  return router;
}
