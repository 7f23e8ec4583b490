/**
 * The AMQP error conditions the dev hub sends to clients, with the condition and description Azure Event
 * Hubs uses for the same situation. The Azure SDKs map the condition (and, for not-found, the description
 * text) to their own error classes, and applications log or match the descriptions, so both are part of
 * the protocol, not just messages. How each maps to the JS SDK's `MessagingError.code` is in ADR 0001.
 *
 * Like the service, every description the hub sends ends with a `TrackingId:…, SystemTracker:…,
 * Timestamp:…` suffix; the factories here build the bare condition and the place that sends it adds the
 * suffix with `withTracking`, because only it knows the entity (SystemTracker
 * `<namespace>:eventhub:<hub>|<consumer group>`, what people grep service logs by).
 */
import { randomUUID } from 'node:crypto';

export interface AmqpErrorCondition {
  condition: string;
  description: string;
}

/** Where Event Hubs points readers of an entity-not-found error. */
const NOT_FOUND_HINT = 'To know more visit https://aka.ms/sbResourceMgrExceptions.';

/**
 * The service's SystemTracker for an entity: `<namespace>:eventhub:<hub>` or, for a reader,
 * `<namespace>:eventhub:<hub>|<consumer group>`; just the namespace for connection-level errors.
 */
export function systemTracker(namespace: string, hub?: string, consumerGroup?: string): string {
  if (hub === undefined) return namespace;
  const entity = `${namespace}:eventhub:${hub}`;
  return consumerGroup === undefined ? entity : `${entity}|${consumerGroup}`;
}

/** The suffix Event Hubs appends to every error description (Timestamp is UTC, whole seconds). */
function trackingSuffix(tracker: string, now: Date = new Date()): string {
  return `TrackingId:${randomUUID()}, SystemTracker:${tracker}, Timestamp:${now.toISOString().slice(0, 19)}`;
}

/** `error` as the service sends it: the description followed by the tracking suffix. */
export function withTracking(
  error: AmqpErrorCondition,
  tracker: string,
  now: Date = new Date(),
): AmqpErrorCondition {
  return { condition: error.condition, description: `${error.description} ${trackingSuffix(tracker, now)}` };
}

/**
 * Unknown event hub (`entity` = `sb://host/<hub>`) or consumer group (`entity` =
 * `<namespace>:eventhub:<hub>|<group>`, the service's own spelling). The SDK maps the description to
 * `MessagingEntityNotFoundError`.
 */
export function entityNotFound(entity: string): AmqpErrorCondition {
  return {
    condition: 'amqp:not-found',
    description: `The messaging entity '${entity}' could not be found. ${NOT_FOUND_HINT}`,
  };
}

/**
 * A partition id the hub does not have, on a sender or receiver link or in a `$management` READ
 * (SDK: `ArgumentOutOfRangeError`). The hub itself exists, so this is an argument error, not not-found.
 */
export function invalidPartition(): AmqpErrorCondition {
  return {
    condition: 'com.microsoft:argument-out-of-range',
    description: 'The specified partition is invalid for an EventHub partition sender or receiver.',
  };
}

/** A receiver lost, or was refused, its partition because of owner levels (SDK: `ReceiverDisconnectedError`). */
export function receiverStolen(description: string): AmqpErrorCondition {
  return { condition: 'amqp:link:stolen', description };
}

/** Missing, expired or badly signed token (SDK: `UnauthorizedError`). */
export function unauthorized(description: string): AmqpErrorCondition {
  return { condition: 'amqp:unauthorized-access', description };
}

/** The rights Event Hubs names when a link attaches without a claim covering it. */
export type ClaimName = 'Send' | 'Listen';

/** A link attached without a live CBS claim covering its entity (SDK: `UnauthorizedError`). */
export function claimRequired(claim: ClaimName, resource: string): AmqpErrorCondition {
  return unauthorized(
    `Unauthorized access. '${claim}' claim(s) are required to perform this operation. Resource: '${resource}'.`,
  );
}

/** More receivers without owner level than Event Hubs allows per partition and consumer group (SDK: `QuotaExceededError`). */
export function quotaExceeded(description: string): AmqpErrorCondition {
  return { condition: 'amqp:resource-limit-exceeded', description };
}

/** A publish larger than the link's max-message-size (SDK: `MessageTooLargeError`). */
export function messageSizeExceeded(deliveryId: number, size: number, limit: number): AmqpErrorCondition {
  return {
    condition: 'amqp:link:message-size-exceeded',
    description: `The received message (delivery-id:${deliveryId}, size:${size} bytes) exceeds the limit (${limit} bytes) currently allowed on the link.`,
  };
}

export function decodeError(description: string): AmqpErrorCondition {
  return { condition: 'amqp:decode-error', description };
}

export function internalError(description: string): AmqpErrorCondition {
  return { condition: 'amqp:internal-error', description };
}

/** The hub is shutting down; clients treat this as retryable (`ConnectionForcedError`) and reconnect. */
export function shuttingDown(): AmqpErrorCondition {
  return { condition: 'amqp:connection:forced', description: 'The dev hub is shutting down.' };
}

/** An argument outside the admissible range, e.g. a start position past the end (SDK: `ArgumentOutOfRangeError`). */
export function argumentOutOfRange(description: string): AmqpErrorCondition {
  return { condition: 'com.microsoft:argument-out-of-range', description };
}

/** A filter or request argument the hub cannot interpret (SDK: `ArgumentError`). */
export function argumentError(description: string): AmqpErrorCondition {
  return { condition: 'com.microsoft:argument-error', description };
}

/**
 * A sender or receiver link that moved no event for the idle time-out (SDK: `DetachForcedError`, retried by
 * attaching again). `role` is the service's name for the link's side.
 */
export function linkIdleDetached(
  linkName: string,
  role: 'Publisher' | 'Consumer',
  idleTimeout: string,
): AmqpErrorCondition {
  return {
    condition: 'amqp:link:detach-forced',
    description:
      `The link '${linkName}' is force detached. Code: ServerError. ` +
      `Details: AmqpEventHub${role}.IdleTimerExpired: Idle timeout: ${idleTimeout}.`,
  };
}
