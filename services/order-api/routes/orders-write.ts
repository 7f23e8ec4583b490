import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Db } from '../../shared/db/connection.ts';
import { EVENT_TYPES, eventSource } from '../../shared/domain/event-types.ts';
import { newOrderId } from '../../shared/domain/order-id.ts';
import { canTransition, type OrderStatus } from '../../shared/domain/order-status.ts';
import { createOrderEvent, deterministicEventId } from '../../shared/events/cloud-event.ts';
import type { Logger } from '../../shared/logger.ts';
import type { CatalogCache } from '../catalog-cache.ts';
import type { EventPublisher } from '../event-publisher.ts';
import {
  cancelOrderRequest,
  idempotencyKey,
  placeOrderRequest,
  returnRequest,
} from '../../shared/events/order-request.ts';
import { sendProblem, type FieldError } from '../problem.ts';
import type { ApiSecurity } from '../security/api-security.ts';
import { orderNotFound } from '../security/order-access.ts';

/** Same Idempotency-Key ⇒ same order id on every API instance, with no shared state to consult. */
function orderIdForKey(key: string): string {
  const digest = createHash('sha256').update(`order:${key}`).digest();
  let i = 0;
  return newOrderId((n) => digest[i++]! % n);
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

function invalid(res: Response, errors: FieldError[]): void {
  sendProblem(res, 400, 'Invalid request', 'One or more fields are invalid.', { errors });
}

export interface OrderWriteDeps {
  db: Db;
  publisher: EventPublisher;
  catalog: CatalogCache;
  logger: Logger;
  security: ApiSecurity;
}

/** Order intake and customer actions: validate, then publish a CloudEvent; the consumer does the rest. */
export function orderWriteRoutes({ db, publisher, catalog, logger, security }: OrderWriteDeps): Router {
  const router = Router();
  const access = security.orderAccess(db);

  const publishOr503 = async (res: Response, publish: () => Promise<void>): Promise<boolean> => {
    try {
      await publish();
      return true;
    } catch (err) {
      logger.error({ err }, 'publishing to the event hub failed');
      res.setHeader('Retry-After', '2');
      sendProblem(
        res,
        503,
        'Order stream unavailable',
        'Nothing was accepted; retry with the same Idempotency-Key.',
      );
      return false;
    }
  };

  router.post('/api/orders', security.limits.orders, async (req: Request, res: Response) => {
    const keyHeader = req.get('Idempotency-Key');
    const key = keyHeader === undefined ? undefined : idempotencyKey.safeParse(keyHeader);
    const body = placeOrderRequest.safeParse(req.body);
    const errors: FieldError[] = [];
    if (key && !key.success) errors.push({ field: 'Idempotency-Key', message: key.error.issues[0]!.message });
    if (!body.success) errors.push(...fieldErrors(body.error));
    if (errors.length || !body.success) return invalid(res, errors);

    const order = body.data;
    const items = [];
    for (const [index, item] of order.items.entries()) {
      const product = catalog.get(item.sku);
      if (!product || !product.active) {
        errors.push({ field: `items.${index}.sku`, message: `unknown or discontinued SKU ${item.sku}` });
        continue;
      }
      items.push({ sku: item.sku, quantity: item.quantity, unitPrice: product.unitPrice });
    }
    if (new Set(order.items.map((i) => i.sku)).size !== order.items.length) {
      errors.push({ field: 'items', message: 'each SKU may appear once; use quantity' });
    }
    if (errors.length) return invalid(res, errors);

    const orderId = key?.success ? orderIdForKey(key.data) : newOrderId();
    const event = createOrderEvent(
      EVENT_TYPES.orderPlaced,
      eventSource(order.channel),
      {
        orderId,
        customer: order.customer,
        items,
        shippingAddress: order.shippingAddress,
        payment: order.payment,
        ...(order.location ? { location: order.location } : {}),
        channel: order.channel,
      },
      key?.success ? { id: deterministicEventId('order.placed', key.data) } : {},
    );
    if (!(await publishOr503(res, () => publisher.publish(event)))) return;
    // The token is the shopper's proof of ownership for tracking, cancelling and returning (ADR 0009).
    res
      .status(202)
      .location(`/api/orders/${orderId}`)
      .json({ orderId, status: 'pending', orderToken: security.orderTokens.sign(orderId) });
  });

  /**
   * Loads the order for a customer action (its id already checked and proven by `access`), answering
   * 404/409 itself when it cannot proceed.
   */
  const orderFor = async (req: Request, res: Response, next: OrderStatus): Promise<string | undefined> => {
    const id = String(req.params.id);
    const row = (await db('orders').where({ id }).first('status')) as { status: OrderStatus } | undefined;
    if (!row) {
      orderNotFound(res, id);
      return undefined;
    }
    if (!canTransition(row.status, next)) {
      sendProblem(
        res,
        409,
        'Not allowed in this state',
        `Order ${id} is ${row.status}; it cannot become ${next}.`,
      );
      return undefined;
    }
    return id;
  };

  router.post('/api/orders/:id/cancel', security.limits.orders, access, async (req, res) => {
    const body = cancelOrderRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const id = await orderFor(req, res, 'cancelled');
    if (!id) return;
    const event = createOrderEvent(EVENT_TYPES.orderCancelled, '/channels/web', {
      orderId: id,
      reason: body.data.reason,
    });
    if (!(await publishOr503(res, () => publisher.publish(event)))) return;
    res.status(202).json({ orderId: id, status: 'cancellation_requested' });
  });

  router.post('/api/orders/:id/returns', security.limits.orders, access, async (req, res) => {
    const body = returnRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const id = await orderFor(req, res, 'returned');
    if (!id) return;
    // One return per order; the consumer ignores a second one that races past this check.
    if (await db('returns').where({ order_id: id }).first('id')) {
      sendProblem(res, 409, 'Return already requested', `A return for order ${id} is already on file.`);
      return;
    }
    const event = createOrderEvent(EVENT_TYPES.returnRequested, '/channels/web', {
      orderId: id,
      reason: body.data.reason,
      comment: body.data.comment ?? null,
    });
    if (!(await publishOr503(res, () => publisher.publish(event)))) return;
    res.status(202).json({ orderId: id, status: 'return_requested' });
  });

  return router;
}
