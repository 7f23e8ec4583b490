/**
 * A dead letter sent back through the hub by an operator (`POST /api/ops/dead-letters/:id/retry`)
 * travels as its original body, byte for byte (same event id, so once-only processing still holds: an
 * event applied in the meantime is a duplicate), with this AMQP application property naming the dead
 * letter. The consumer records `dead_letter.retried` in the order's trail when the retry applies.
 */
export const RETRY_OF_PROPERTY = 'oms-retry-of-dead-letter';

/** The dead letter id a received message retries, or undefined for an ordinary message. */
export function retriedDeadLetterId(properties: Record<string, unknown> | undefined): number | undefined {
  const value = properties?.[RETRY_OF_PROPERTY];
  const id = typeof value === 'string' ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
