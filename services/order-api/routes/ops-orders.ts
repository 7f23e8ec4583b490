import { Router } from 'express';
import type { Logger } from '../../shared/logger.ts';
import { reviewRequest } from '../../shared/events/order-request.ts';
import type { OrderCommands } from '../order-commands.ts';
import type { ApiSecurity } from '../security/api-security.ts';
import type { Principal } from '../security/operator-auth.ts';
import { isOrderId } from '../../shared/domain/order-id.ts';
import { sendProblem } from '../problem.ts';
import { answerCommand, fieldErrors, invalid } from './command-answer.ts';

/**
 * The operators' review of orders held for fraud review: release (⇒ confirmed) or reject (⇒ cancelled
 * as fraud_suspected). The reviewer recorded in the audit trail is the operator's opaque subject.
 */
export function opsOrderRoutes(commands: OrderCommands, logger: Logger, security: ApiSecurity): Router {
  const router = Router();
  for (const decision of ['release', 'reject'] as const) {
    router.post(`/api/ops/orders/:id/${decision}`, security.requireOperator, async (req, res) => {
      const id = String(req.params.id);
      if (!isOrderId(id))
        return sendProblem(res, 400, 'Invalid order id', 'Order ids look like ORD-7K2M9Q4XHB.');
      const body = reviewRequest.safeParse(req.body ?? {});
      if (!body.success) return invalid(res, fieldErrors(body.error));
      const reviewer = (res.locals.principal as Principal).subject;
      await answerCommand(res, logger, () => commands.review(id, decision, reviewer, body.data.note), {
        status: decision === 'release' ? 'release_requested' : 'rejection_requested',
      });
    });
  }
  return router;
}
