/**
 * The request/response pattern `$cbs` and `$management` share: the client sends a request on a link to
 * the node and attaches a receiving link named (or targeted at) its `reply_to`; the hub answers on that
 * link with `correlation_id` = the request's `message_id` and the outcome in application properties
 * `status-code`, `status-description` (and `error-condition` on failure).
 */
import rhea, { type Connection, type Message } from 'rhea';

export interface ManagementResponse {
  statusCode: number;
  statusDescription: string;
  /** AMQP error condition the SDK maps to its error code (e.g. `amqp:not-found`). */
  errorCondition?: string;
  body?: unknown;
}

/** Sends `response` to the request's reply link. Returns false when the client has no such link. */
export function sendResponse(
  connection: Connection,
  request: Message,
  response: ManagementResponse,
): boolean {
  const replyTo: unknown = request.reply_to;
  const link = connection.find_sender(
    (s: { name: string; target?: { address?: string } }) =>
      s.name === replyTo || s.target?.address === replyTo,
  );
  if (!link) return false;
  const applicationProperties: Record<string, unknown> = {
    'status-code': rhea.types.wrap_int(response.statusCode),
    'status-description': response.statusDescription,
  };
  if (response.errorCondition) applicationProperties['error-condition'] = response.errorCondition;
  const reply: Message = {
    correlation_id: request.message_id,
    application_properties: applicationProperties,
  } as Message;
  if (typeof replyTo === 'string') reply.to = replyTo;
  if (response.body !== undefined) reply.body = response.body;
  link.send(reply);
  return true;
}
