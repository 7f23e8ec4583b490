import { Router, type Request, type Response } from 'express';
import type { Db } from '../../shared/db/connection.ts';
import { newOrderId } from '../../shared/domain/order-id.ts';
import { deterministicEventId } from '../../shared/events/cloud-event.ts';
import { orderIdForKey, orderPlacedEvent, priceOrderItems } from '../../shared/events/order-intake.ts';
import type { Logger } from '../../shared/logger.ts';
import type { CatalogCache } from '../catalog-cache.ts';
import type { EventPublisher } from '../event-publisher.ts';
import {
  addressChangeRequest,
  cancelOrderRequest,
  idempotencyKey,
  placeOrderRequest,
  returnRequest,
} from '../../shared/events/order-request.ts';
import type { FieldError } from '../problem.ts';
import type { OrderCommands } from '../order-commands.ts';
import { answerCommand, fieldErrors, invalid, streamUnavailable } from './command-answer.ts';
import type { ApiSecurity } from '../security/api-security.ts';

export interface OrderWriteDeps {
  db: Db;
  publisher: EventPublisher;
  commands: OrderCommands;
  catalog: CatalogCache;
  logger: Logger;
  security: ApiSecurity;
}

/** Order intake and customer actions: validate, then publish a CloudEvent; the consumer does the rest. */
export function orderWriteRoutes({
  db,
  publisher,
  commands,
  catalog,
  logger,
  security,
}: OrderWriteDeps): Router {
  const router = Router();
  const access = security.orderAccess(db);

  const publishOr503 = async (res: Response, publish: () => Promise<void>): Promise<boolean> => {
    try {
      await publish();
      return true;
    } catch (err) {
      streamUnavailable(res, logger, err, 'retry with the same Idempotency-Key.');
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
    const priced = priceOrderItems(order, catalog);
    if (priced.errors.length) return invalid(res, priced.errors);

    const orderId = key?.success ? orderIdForKey(key.data) : newOrderId();
    const event = orderPlacedEvent(
      order,
      orderId,
      priced.items,
      key?.success ? { id: deterministicEventId('order.placed', key.data) } : {},
    );
    if (!(await publishOr503(res, () => publisher.publish(event)))) return;
    // The token is the shopper's proof of ownership for tracking, cancelling and returning (ADR 0009).
    res
      .status(202)
      .location(`/api/orders/${orderId}`)
      .json({ orderId, status: 'pending', orderToken: security.orderTokens.sign(orderId) });
  });

  router.patch('/api/orders/:id', security.limits.orders, access, async (req, res) => {
    const body = addressChangeRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const id = String(req.params.id);
    await answerCommand(res, logger, () => commands.changeAddress(id, body.data.shippingAddress), {
      status: 'address_change_requested',
    });
  });

  router.post('/api/orders/:id/cancel', security.limits.orders, access, async (req, res) => {
    const body = cancelOrderRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const id = String(req.params.id);
    await answerCommand(res, logger, () => commands.cancel(id, body.data.reason), {
      status: 'cancellation_requested',
    });
  });

  router.post('/api/orders/:id/returns', security.limits.orders, access, async (req, res) => {
    const body = returnRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const id = String(req.params.id);
    await answerCommand(
      res,
      logger,
      () => commands.requestReturn(id, body.data.reason, body.data.comment ?? null),
      { status: 'return_requested' },
    );
  });

  return router;
}
