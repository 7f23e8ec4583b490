/**
 * Event Hubs force-detaches a sender or receiver link that moved no event for 30 minutes
 * (`amqp:link:detach-forced`, which the SDKs treat as retryable and answer by attaching again). The dev hub
 * does the same so code that sees `DetachForcedError` in production sees it locally too.
 *
 * Activity is recorded with a timestamp, not by re-arming a timer per event, so a busy link costs one
 * `Date.now()` per event; the timer wakes once per time-out and re-arms for the remaining time.
 */
export interface IdleTimer {
  /** Records activity on the link. */
  touch(): void;
  /** Stops watching; idempotent. */
  stop(): void;
}

export function watchIdle(timeoutMs: number, onIdle: () => void): IdleTimer {
  let lastActivity = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const arm = (delayMs: number): void => {
    timer = setTimeout(check, delayMs);
    // An idle link must not keep a process alive that is otherwise done.
    timer.unref();
  };
  const check = (): void => {
    const idleFor = Date.now() - lastActivity;
    if (idleFor >= timeoutMs) {
      timer = undefined;
      onIdle();
    } else {
      arm(timeoutMs - idleFor);
    }
  };
  arm(timeoutMs);
  return {
    touch: () => {
      lastActivity = Date.now();
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** A time-out as .NET prints a TimeSpan (`00:30:00`), which is how the service's description shows it. */
export function formatTimeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const fraction = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}0000`;
  return `${two(Math.floor(totalSeconds / 3600))}:${two(Math.floor(totalSeconds / 60) % 60)}:${two(totalSeconds % 60)}${fraction}`;
}
