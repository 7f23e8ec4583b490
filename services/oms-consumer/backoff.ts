/** Exponential backoff with full jitter, capped: 100 ms, 200 ms, 400 ms … up to `maxMs`. */
export function backoffDelay(attempt: number, baseMs = 100, maxMs = 5_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Errors that mean "the database is away or busy", which a pause and retry cures. */
export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; name?: string; message?: string };
  const codes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'PROTOCOL_CONNECTION_LOST',
    'ER_LOCK_DEADLOCK',
    'ER_LOCK_WAIT_TIMEOUT',
    'ER_SERVER_SHUTDOWN',
    'ER_CON_COUNT_ERROR',
  ];
  if (e?.code && codes.includes(e.code)) return true;
  // Extended result codes too: SQLITE_BUSY_SNAPSHOT is a reader that must retry after another writer.
  if (e?.code && /^SQLITE_(BUSY|LOCKED)/.test(e.code)) return true;
  if (e?.name === 'KnexTimeoutError') return true;
  return /connection|closed state|Pool is closed|server has gone away|shutdown in progress/i.test(
    e?.message ?? '',
  );
}

/** The payment gateway did not answer (GatewayUnavailableError); asked again with the same key. */
export function isGatewayUnavailable(err: unknown): boolean {
  return (err as { code?: string })?.code === 'GATEWAY_UNAVAILABLE';
}

/** Errors a pause and a retry of the whole batch cure: the database away, or the payment gateway. */
export function isTransientError(err: unknown): boolean {
  return isTransientDbError(err) || isGatewayUnavailable(err);
}
