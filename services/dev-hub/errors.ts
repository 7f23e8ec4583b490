/**
 * Errors the dev hub raises to its embedder (not to AMQP clients: those get AMQP error conditions, see
 * `amqp-errors.ts`). Each carries a stable `code` a caller can branch on.
 */
export type DevHubErrorCode =
  /** `startDevHub` options failed validation; `details` lists each problem. */
  | 'DEV_HUB_INVALID_OPTIONS'
  /** The AMQP listener could not bind (port taken, bad host). */
  | 'DEV_HUB_LISTEN_FAILED'
  /** A persisted partition log or capture state could not be read back. */
  | 'DEV_HUB_PERSISTENCE_FAILED'
  /** Writing to the persisted partition log failed; the affected events were not acknowledged. */
  | 'DEV_HUB_APPEND_FAILED'
  /** A Capture window could not be written to Blob Storage; the events stay pending and are retried. */
  | 'DEV_HUB_CAPTURE_FAILED'
  /** An incoming AMQP message is not a valid Event Hubs message or batch. */
  | 'DEV_HUB_MALFORMED_MESSAGE'
  /** The named event hub is not configured on this dev hub. */
  | 'DEV_HUB_UNKNOWN_HUB'
  /** The operation needs a running dev hub but `close()` was called. */
  | 'DEV_HUB_CLOSED';

export class DevHubError extends Error {
  constructor(
    readonly code: DevHubErrorCode,
    message: string,
    options?: { cause?: unknown; details?: readonly string[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DevHubError';
    this.details = options?.details ?? [];
  }

  /** Extra lines for the message, e.g. one per invalid option. */
  readonly details: readonly string[];
}
