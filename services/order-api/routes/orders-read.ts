import { Router } from 'express';
import { isOrderId } from '../../shared/domain/order-id.ts';
import type { Db } from '../../shared/db/connection.ts';
import { findOrder } from '../order-read-model.ts';
import { sendProblem } from '../problem.ts';

export function orderReadRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/orders/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!isOrderId(id)) {
      sendProblem(res, 400, 'Invalid order id', 'Order ids look like ORD-7K2M9Q4XHB.', {
        errors: [{ field: 'id', message: 'must match ORD- followed by 10 characters' }],
      });
      return;
    }
    const order = await findOrder(db, id);
    if (!order) {
      sendProblem(
        res,
        404,
        'Order not found',
        `No order ${id}. A just-placed order appears within a second.`,
      );
      return;
    }
    res.json(order);
  });
  return router;
}
