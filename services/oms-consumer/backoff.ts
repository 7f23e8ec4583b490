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
    'SQLITE_BUSY',
    'SQLITE_LOCKED',
  ];
  if (e?.code && codes.includes(e.code)) return true;
  if (e?.name === 'KnexTimeoutError') return true;
  return /connection|closed state|Pool is closed|server has gone away|shutdown in progress/i.test(
    e?.message ?? '',
  );
}
