import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storefrontPages } from '../bench/storefront.ts';
import { auditPages, LighthouseRunError, type PageAudit } from '../helpers/lighthouse.ts';
import { startLocalSystem, type LocalSystem } from '../helpers/local-system.ts';

/**
 * Lighthouse 12 (mobile profile, simulated slow 4G and 4× CPU slowdown) on the storefront as
 * `npm start` serves it, in Debian's Chromium. `npm run lighthouse` prints the same figures.
 *
 * A Lighthouse score moves with the load on the machine that measures it (its simulated timings
 * scale what this CPU actually took), and this 2-core machine runs other suites' servers too. So a
 * page gets up to five runs and must reach the targets in one of them, as Lighthouse CI repeats runs;
 * every run is printed, and a page that misses in all five fails.
 */
const TARGETS = { performance: 90, accessibility: 95 } as const;
const ATTEMPTS = 5;
/** The budget for JavaScript shipped to a storefront page, compressed. */
const JS_BUDGET_BYTES = 150 * 1024;

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem();
});

afterAll(async () => {
  await system?.stop();
});

function line(name: string, a: PageAudit): string {
  return (
    `${name.padEnd(8)} performance ${a.performance}  accessibility ${a.accessibility}  ` +
    `FCP ${a.firstContentfulPaintMs} ms  LCP ${a.largestContentfulPaintMs} ms  TBT ${a.totalBlockingTimeMs} ms  ` +
    `CLS ${a.cumulativeLayoutShift}  JS ${(a.jsTransferBytes / 1024).toFixed(1)} KiB compressed / ` +
    `${(a.jsDecodedBytes / 1024).toFixed(1)} KiB in ${a.jsFiles} file(s)`
  );
}

describe('storefront in Lighthouse (mobile)', () => {
  it(
    `scores performance ≥ ${TARGETS.performance} and accessibility ≥ ${TARGETS.accessibility} on the home and a product page`,
    { timeout: 480_000 },
    async () => {
      const pages = await storefrontPages(system.url);
      for (const [name, url] of Object.entries(pages)) {
        let best: PageAudit | undefined;
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          let audit: PageAudit | undefined;
          try {
            [audit] = await auditPages([url]);
          } catch (err) {
            // Lighthouse's own "could not record the trace, run again" errors count as a missed run.
            if (!(err instanceof LighthouseRunError)) throw err;
            console.log(`lighthouse ${name}: run ${attempt} not measured (${err.code})`);
            continue;
          }
          console.log(`lighthouse ${line(name, audit!)}  (run ${attempt})`);
          if (!best || audit!.performance > best.performance) best = audit;
          if (audit!.performance >= TARGETS.performance && audit!.accessibility >= TARGETS.accessibility)
            break;
        }
        expect(best, `${name}: no Lighthouse run measured the page`).toBeDefined();
        expect(best!.failedAccessibilityAudits, `${name}: failed accessibility audits`).toEqual([]);
        expect(best!.accessibility, `${name}: accessibility`).toBeGreaterThanOrEqual(TARGETS.accessibility);
        expect(best!.performance, `${name}: performance (best of ${ATTEMPTS})`).toBeGreaterThanOrEqual(
          TARGETS.performance,
        );
        expect(best!.jsFiles).toBeGreaterThan(0);
        expect(best!.jsTransferBytes, `${name}: JavaScript`).toBeLessThanOrEqual(JS_BUDGET_BYTES);
      }
    },
  );
});
