import type { Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../../shared/logger.ts';
import type { CommandResult } from '../order-commands.ts';
import { sendProblem, type FieldError } from '../problem.ts';

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

export function invalid(res: Response, errors: FieldError[]): void {
  sendProblem(res, 400, 'Invalid request', 'One or more fields are invalid.', { errors });
}

/** Answers 503 for a publish the hub did not confirm: nothing was accepted, so the client may retry. */
export function streamUnavailable(res: Response, logger: Logger, err: unknown, retryHint: string): void {
  logger.error({ err }, 'publishing to the event hub failed');
  res.setHeader('Retry-After', '2');
  sendProblem(res, 503, 'Order stream unavailable', `Nothing was accepted; ${retryHint}`);
}

/**
 * Runs an order command and answers for it: 202 with `accepted` once its event is on the hub, 404 or
 * 409 when the order's state refuses it, 503 when the hub could not take the event.
 */
export async function answerCommand(
  res: Response,
  logger: Logger,
  run: () => Promise<CommandResult>,
  accepted: Record<string, unknown>,
): Promise<void> {
  let result: CommandResult;
  try {
    result = await run();
  } catch (err) {
    return streamUnavailable(res, logger, err, 'retry the same request.');
  }
  if (!result.ok) {
    return sendProblem(res, result.kind === 'not_found' ? 404 : 409, result.title, result.detail);
  }
  res.status(202).json({ orderId: result.orderId, ...accepted });
}
