import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser build). `CHROME_PATH`
 * overrides the binary, as it does for Lighthouse.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** The flags every headless Chromium of the test suites runs with (a container-friendly headless). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
] as const;

/** Fails loudly rather than skipping when Chromium is missing (`npm run test:all` installs it). */
export function requireChromium(): string {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (npm run test:all does) or set CHROME_PATH.`,
    );
  }
  return CHROMIUM_PATH;
}

/** Launches Chromium headless; close it in afterAll. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: requireChromium(),
    headless: true,
    ...options,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
}

/** The two screen sizes pages are checked at: a 375 px phone and a 1280 px desktop. */
export const VIEWPORTS = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 900 },
} as const;

/** A fresh context (own storage, cookies, cache) at a viewport; pages report console errors. */
export async function newContext(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
  options: { baseURL?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
}

/**
 * Opens the pages of one test file, each in a fresh context, and collects script errors and
 * Content-Security-Policy refusals seen by any of them (a test checks `takeErrors()` is empty).
 */
export function pageOpener(browser: () => Browser, baseURL: () => string, timeoutMs: number) {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    async open(viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<Page> {
      const context = await newContext(browser(), viewport, { baseURL: baseURL() });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) {
          errors.push(`${page.url()}: ${msg.text()}`);
        }
      });
      return page;
    },
    takeErrors: () => errors.splice(0),
    closeAll: () => Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined))),
  };
}
