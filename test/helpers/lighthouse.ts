import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS, requireChromium } from './browser.ts';
import { killOnExit } from './child-processes.ts';

/** What one Lighthouse run says about one page (mobile profile: Moto G-class CPU, slow 4G). */
export interface PageAudit {
  url: string;
  /** 0–100, as Lighthouse reports them. */
  performance: number;
  accessibility: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  speedIndexMs: number;
  /** JavaScript the page loaded: bytes on the wire (compressed) and decoded, and how many files. */
  jsTransferBytes: number;
  jsDecodedBytes: number;
  jsFiles: number;
  /** Accessibility audits that failed, by id (empty when the score is 100). */
  failedAccessibilityAudits: string[];
}

/** Lighthouse could not measure the page this time (it says so itself, e.g. NO_NAVSTART: run it again). */
export class LighthouseRunError extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    message: string,
  ) {
    super(`Lighthouse failed on ${url}: ${message}`);
    this.name = 'LighthouseRunError';
  }
}

interface NetworkRequestItem {
  resourceType?: string;
  transferSize?: number;
  resourceSize?: number;
}

/**
 * Audits each URL with Lighthouse's default (mobile) configuration in Debian's Chromium
 * (CHROME_PATH), one fresh Chromium for all of them, performance and accessibility only.
 */
export async function auditPages(urls: readonly string[]): Promise<PageAudit[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: requireChromium(),
    chromeFlags: [...CHROMIUM_FLAGS],
  });
  // A test that times out never reaches `finally`: the browser still goes when the test process does.
  killOnExit(chrome.process);
  try {
    const audits: PageAudit[] = [];
    for (const url of urls) {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      if (lhr.runtimeError)
        throw new LighthouseRunError(url, lhr.runtimeError.code, lhr.runtimeError.message);
      const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const requests = ((
        lhr.audits['network-requests']?.details as { items?: NetworkRequestItem[] } | undefined
      )?.items ?? []) as NetworkRequestItem[];
      const scripts = requests.filter((r) => r.resourceType === 'Script');
      const accessibility = lhr.categories.accessibility!;
      audits.push({
        url,
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((accessibility.score ?? 0) * 100),
        firstContentfulPaintMs: Math.round(numeric('first-contentful-paint')),
        largestContentfulPaintMs: Math.round(numeric('largest-contentful-paint')),
        totalBlockingTimeMs: Math.round(numeric('total-blocking-time')),
        cumulativeLayoutShift: Math.round(numeric('cumulative-layout-shift') * 1000) / 1000,
        speedIndexMs: Math.round(numeric('speed-index')),
        jsTransferBytes: scripts.reduce((s, r) => s + (r.transferSize ?? 0), 0),
        jsDecodedBytes: scripts.reduce((s, r) => s + (r.resourceSize ?? 0), 0),
        jsFiles: scripts.length,
        failedAccessibilityAudits: accessibility.auditRefs
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
          .map((ref) => ref.id),
      });
    }
    return audits;
  } finally {
    chrome.kill();
  }
}
