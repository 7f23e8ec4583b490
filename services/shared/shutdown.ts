import type { Logger } from './logger.ts';

/**
 * Graceful shutdown on SIGTERM/SIGINT: runs the stops in order (finish work, checkpoint, close), then
 * exits. A second signal, or `deadlineMs` without finishing, exits at once with code 1.
 */
export function onShutdown(logger: Logger, stops: (() => Promise<unknown>)[], deadlineMs = 25_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, deadlineMs).unref();
    void (async () => {
      for (const stop of stops) {
        await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
      }
      process.exit(0);
    })();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
