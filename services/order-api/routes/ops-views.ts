import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../shared/db/connection.ts';
import { isOrderId } from '../../shared/domain/order-id.ts';
import { ORDER_STATUSES } from '../../shared/domain/order-status.ts';
import type { Logger } from '../../shared/logger.ts';
import type { EventPublisher } from '../event-publisher.ts';
import { listDeadLetters, retryDeadLetter } from '../ops/dead-letters.ts';
import { listOrders, orderAudit } from '../ops/order-views.ts';
import type { PipelineHealth } from '../ops/pipeline-health.ts';
import { sendProblem } from '../problem.ts';
import type { ApiSecurity } from '../security/api-security.ts';
import { fieldErrors, invalid, streamUnavailable } from './command-answer.ts';

/** One page of a list; the console asks for 50. */
const limit = z.coerce.number().int().min(1).max(200).default(50);

const ordersQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).default('on_hold'),
  limit,
});

const deadLettersQuery = z.strictObject({
  limit,
  /** `open=true`: only dead letters not retried yet. */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
});

/** Unknown parameters are refused (400), so a misspelt filter never silently shows everything. */
const pipelineQuery = z.strictObject({});

/** Database ids: positive integers written plainly (no `1e3`, no `+1`, no leading zeros). */
const deadLetterId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a dead letter id (a positive integer)')
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647));

export interface OpsViewOptions {
  db: Db;
  publisher: EventPublisher;
  logger: Logger;
  security: ApiSecurity;
  pipeline: () => Promise<PipelineHealth>;
}

/**
 * The ops console's reads and the dead-letter retry (operators only; docs/operations.md): orders by
 * status (held orders by default) with their fraud indicators, an order's audit trail, dead letters
 * with personal data masked, a retry that sends a dead letter back through the hub once, and the
 * pipeline's health. None of these answers carries a name, e-mail, street line or phone number.
 */
export function opsViewRoutes({ db, publisher, logger, security, pipeline }: OpsViewOptions): Router {
  const router = Router();
  const operator = security.requireOperator;

  router.get('/api/ops/orders', operator, async (req, res) => {
    const q = ordersQuery.safeParse(req.query);
    if (!q.success) return invalid(res, fieldErrors(q.error));
    res.json({ orders: await listOrders(db, q.data.status, q.data.limit) });
  });

  router.get('/api/ops/orders/:id/audit', operator, async (req, res) => {
    const id = String(req.params.id);
    if (!isOrderId(id))
      return sendProblem(res, 400, 'Invalid order id', 'Order ids look like ORD-7K2M9Q4XHB.');
    const audit = await orderAudit(db, id);
    if (!audit) return sendProblem(res, 404, 'Order not found', `No order ${id}.`);
    res.json(audit);
  });

  router.get('/api/ops/dead-letters', operator, async (req, res) => {
    const q = deadLettersQuery.safeParse(req.query);
    if (!q.success) return invalid(res, fieldErrors(q.error));
    res.json({ deadLetters: await listDeadLetters(db, q.data.limit, q.data.open) });
  });

  router.post('/api/ops/dead-letters/:id/retry', operator, async (req, res) => {
    const id = deadLetterId.safeParse(String(req.params.id));
    if (!id.success) {
      return invalid(
        res,
        fieldErrors(id.error).map((e) => ({ ...e, field: 'id' })),
      );
    }
    const result = await retryDeadLetter(db, publisher, id.data);
    if (!result.ok) {
      if (result.kind === 'unavailable') {
        return streamUnavailable(res, logger, result.error, 'the dead letter is still open; retry it again.');
      }
      return result.kind === 'not_found'
        ? sendProblem(res, 404, 'Dead letter not found', result.detail)
        : sendProblem(res, 409, 'Already retried', result.detail);
    }
    res.status(202).json({ id: result.id, eventId: result.eventId, status: 'retry_requested' });
  });

  router.get('/api/ops/pipeline', operator, async (req, res) => {
    const q = pipelineQuery.safeParse(req.query);
    if (!q.success) return invalid(res, fieldErrors(q.error));
    res.json(await pipeline());
  });

  return router;
}
