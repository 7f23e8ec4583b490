import { useEffect, useState } from 'preact/hooks';
import { ApiError, ApiUnreachable } from '../api.ts';

/** What went wrong, for a shopper: never a stack trace, always what to do next. */
export function problemText(error: unknown): string {
  if (error instanceof ApiUnreachable) {
    return 'We can’t reach the shop right now. Check your connection, then try again.';
  }
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many requests in a short time.';
    if (error.status === 503) return 'The shop is busy right now. Nothing was charged.';
    if (error.status >= 500) return 'Something went wrong on our side. Nothing was charged.';
    return error.detail ?? error.title;
  }
  return 'Something went wrong in your browser. Reloading the page usually helps.';
}

function waitSeconds(error: unknown): number {
  if (error instanceof ApiError || error instanceof ApiUnreachable) return error.retryAfterSeconds ?? 0;
  return 0;
}

/**
 * An error with a "Try again" button. When the API asked us to wait (Retry-After, on 429 and 503),
 * the button counts down and unlocks when the wait is over.
 */
export function ProblemNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const wait = waitSeconds(error);
  const [left, setLeft] = useState(wait);
  useEffect(() => {
    setLeft(waitSeconds(error));
    const timer = window.setInterval(() => setLeft((s) => (s > 0 ? s - 1 : 0)), 1000);
    return () => window.clearInterval(timer);
  }, [error]);
  return (
    <div class="notice notice-error" role="alert">
      <p>
        {problemText(error)}
        {wait > 0 ? ` Please wait ${wait} ${wait === 1 ? 'second' : 'seconds'} before trying again.` : ''}
      </p>
      {onRetry && (
        <button type="button" class="button button-secondary" disabled={left > 0} onClick={onRetry}>
          {left > 0 ? `Try again (${left})` : 'Try again'}
        </button>
      )}
    </div>
  );
}
