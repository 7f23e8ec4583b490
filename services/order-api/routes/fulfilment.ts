import { Router } from 'express';
import type { Logger } from '../../shared/logger.ts';
import { deliveryRequest, shipmentRequest } from '../../shared/events/order-request.ts';
import type { OrderCommands } from '../order-commands.ts';
import type { ApiSecurity } from '../security/api-security.ts';
import { answerCommand, fieldErrors, invalid } from './command-answer.ts';

/**
 * What the warehouse and the carriers report (operator or integration token): a parcel left, with its
 * carrier and tracking number (the payment is captured then), and a parcel arrived.
 */
export function fulfilmentRoutes(commands: OrderCommands, logger: Logger, security: ApiSecurity): Router {
  const router = Router();
  router.post('/api/fulfilment/shipments', security.requireFulfilment, async (req, res) => {
    const body = shipmentRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const { orderId, carrier, trackingNumber } = body.data;
    await answerCommand(res, logger, () => commands.ship(orderId, carrier, trackingNumber), {
      status: 'shipment_recorded',
    });
  });
  router.post('/api/fulfilment/deliveries', security.requireFulfilment, async (req, res) => {
    const body = deliveryRequest.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, fieldErrors(body.error));
    const { orderId, deliveredAt } = body.data;
    await answerCommand(
      res,
      logger,
      () => commands.deliver(orderId, deliveredAt ? new Date(deliveredAt) : new Date()),
      { status: 'delivery_recorded' },
    );
  });
  return router;
}
