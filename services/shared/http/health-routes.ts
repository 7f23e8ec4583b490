import { Router } from 'express';

/** A named dependency check for `/readyz`; it throws (or rejects) when the dependency is not usable. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Liveness says the process runs; readiness says every dependency answered within the time-out. */
export function healthRoutes(checks: readonly ReadinessCheck[], timeoutMs = 2000): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            c.check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return [c.name, { status: 'ok' }] as const;
        } catch (err) {
          return [
            c.name,
            { status: 'down', error: err instanceof Error ? err.message : String(err) },
          ] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const ready = results.every(([, r]) => r.status === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  return router;
}
