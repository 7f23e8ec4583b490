/**
 * The AMQP error conditions the dev hub sends to clients, with the descriptions Azure Event Hubs uses.
 * The Azure SDKs map conditions (and, for not-found, the description text) to their own error codes,
 * so these strings are part of the protocol, not just messages.
 */
export interface AmqpErrorCondition {
  condition: string;
  description: string;
}

/** Unknown hub, consumer group or partition. The SDK maps this description to `MessagingEntityNotFoundError`. */
export function entityNotFound(entity: string): AmqpErrorCondition {
  return {
    condition: 'amqp:not-found',
    description: `The messaging entity '${entity}' could not be found.`,
  };
}

/** A receiver lost its partition to one with an equal or higher owner level (SDK: `ReceiverDisconnectedError`). */
export function receiverStolen(description: string): AmqpErrorCondition {
  return { condition: 'amqp:link:stolen', description };
}

/** Missing, expired or badly signed token (SDK: `UnauthorizedError`). */
export function unauthorized(description: string): AmqpErrorCondition {
  return { condition: 'amqp:unauthorized-access', description };
}

/** More receivers without owner level than Event Hubs allows per partition and consumer group (SDK: `QuotaExceededError`). */
export function quotaExceeded(description: string): AmqpErrorCondition {
  return { condition: 'amqp:resource-limit-exceeded', description };
}

export function messageSizeExceeded(size: number, limit: number): AmqpErrorCondition {
  return {
    condition: 'amqp:link:message-size-exceeded',
    description: `The received message (size ${size} bytes) exceeds the limit (${limit} bytes) currently allowed on the link.`,
  };
}

export function decodeError(description: string): AmqpErrorCondition {
  return { condition: 'amqp:decode-error', description };
}

export function internalError(description: string): AmqpErrorCondition {
  return { condition: 'amqp:internal-error', description };
}

/** The hub is shutting down; clients treat this as retryable and reconnect. */
export function shuttingDown(): AmqpErrorCondition {
  return { condition: 'amqp:connection:forced', description: 'The dev hub is shutting down.' };
}

/** A start position beyond the end of the partition (SDK: `ArgumentOutOfRangeError`). */
export function argumentOutOfRange(description: string): AmqpErrorCondition {
  return { condition: 'com.microsoft:argument-out-of-range', description };
}

/** A filter or request argument the hub cannot interpret (SDK: `ArgumentError`). */
export function argumentError(description: string): AmqpErrorCondition {
  return { condition: 'com.microsoft:argument-error', description };
}
