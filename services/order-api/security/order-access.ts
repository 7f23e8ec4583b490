import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Db } from '../../shared/db/connection.ts';
import { isOrderId } from '../../shared/domain/order-id.ts';
import { sendProblem } from '../problem.ts';
import type { OperatorAuth } from './operator-auth.ts';
import type { OrderTokens } from './order-token.ts';

/** How a request proved it may see or act on an order. */
export type OrderAccess = 'token' | 'operator' | 'email';

/**
 * The one answer for "no such order" and "no proof for this order": identical status, title and
 * detail, so order ids cannot be probed for existence.
 */
export function orderNotFound(res: Response, id: string): void {
  sendProblem(res, 404, 'Order not found', `No order ${id}. A just-placed order appears within a second.`);
}

const digest = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest();

/** True when `email` is the order's customer's address, compared case-insensitively in constant time. */
async function isCustomerEmail(db: Db, orderId: string, email: string): Promise<boolean> {
  if (email.length > 254) return false;
  const row = (await db('orders as o')
    .join('customers as c', 'c.id', 'o.customer_id')
    .where('o.id', orderId)
    .first('c.email')) as { email: string } | undefined;
  return row !== undefined && timingSafeEqual(digest(row.email), digest(email));
}

const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Guards `/api/orders/:id` and its actions. A shopper proves the order is theirs with the order token
 * from `POST /api/orders` (`X-Order-Token` header or `?token=`) or the customer's email (`?email=`, for
 * "track my order"); operators with their bearer token. Anything else gets the unknown-order 404. A
 * malformed id is a 400 (the id format is public, so that says nothing about any order).
 */
export function requireOrderAccess(deps: {
  db: Db;
  orderTokens: OrderTokens;
  operatorAuth: OperatorAuth;
}): RequestHandler {
  return async (req, res, next) => {
    const id = String(req.params.id);
    if (!isOrderId(id)) {
      sendProblem(res, 400, 'Invalid order id', 'Order ids look like ORD-7K2M9Q4XHB.', {
        errors: [{ field: 'id', message: 'must match ORD- followed by 10 characters' }],
      });
      return;
    }
    const grant = (access: OrderAccess) => {
      res.locals.orderAccess = access;
      next();
    };
    if (deps.orderTokens.verify(id, req.get('x-order-token') ?? single(req.query.token)))
      return grant('token');
    const authorization = req.get('authorization');
    if (authorization) {
      // A bad operator credential is refused as such: the answer depends only on the header, not the order.
      const result = await deps.operatorAuth.authenticate(authorization);
      if (!result.ok) return deps.operatorAuth.refuse(res, result.reason);
      // Integrations report fulfilment; they never read customers' orders.
      if (result.principal.kind !== 'operator') return deps.operatorAuth.forbid(res);
      res.locals.principal = result.principal;
      return grant('operator');
    }
    const email = single(req.query.email);
    if (email && (await isCustomerEmail(deps.db, id, email))) return grant('email');
    orderNotFound(res, id);
  };
}
