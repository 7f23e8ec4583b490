import path from 'node:path';
import { Router } from 'express';
import type { Logger } from '../shared/logger.ts';
import { htmlFile, IMMUTABLE, precompressedFiles, sendHtml } from '../shared/web/built-files.ts';
import { ensureBuilt } from '../shared/web/vite-build.ts';
import { STOREFRONT_BUILD } from './build.ts';
import { isStorefrontPage } from './src/routes.ts';

/** The HTML names the current hashed files: always revalidate it (cheap: ETag → 304). */
const REVALIDATE = 'no-cache';
/** favicon.svg, robots.txt: unhashed, so only briefly cached. */
const SHORT = 'public, max-age=3600';

function cacheControl(filePath: string): string {
  if (filePath.split(path.sep).includes('assets')) return IMMUTABLE;
  if (/\.html(\.br|\.gz)?$/.test(filePath)) return REVALIDATE;
  return SHORT;
}

/**
 * Serves a storefront build: its files (brotli or gzip twins when accepted; hashed assets immutable,
 * HTML revalidated) and, for any other GET that wants HTML outside /api, index.html so the browser's
 * router shows the page — with status 404 when the path is none of the storefront's pages.
 */
export function storefrontRouter(dir: string): Router {
  const index = htmlFile(path.join(dir, 'index.html'));
  index();
  const router = Router();
  router.use(precompressedFiles(dir, cacheControl));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    // A path with a file extension asked for a file that does not exist; that is not a page.
    if (path.extname(req.path) !== '' || !req.accepts('html')) return next();
    sendHtml(req, res, index(), isStorefrontPage(req.path) ? 200 : 404, { cacheControl: REVALIDATE });
  });
  return router;
}

/**
 * The storefront for `npm start`: builds it first when dist/storefront is missing or older than its
 * sources (a fresh clone after `npm ci`, or after editing the storefront), then serves it. When it
 * cannot be built (no Vite in an install without dev dependencies) the API still starts, and pages
 * say how to build the storefront.
 */
export async function localStorefront(logger: Logger): Promise<Router> {
  const built = await ensureBuilt(STOREFRONT_BUILD, logger);
  return built.ok ? storefrontRouter(built.dir) : notBuiltRouter(built.message);
}

function notBuiltRouter(message: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.status(503).type('text/plain').set('Cache-Control', 'no-store').send(`${message}\n`);
  });
  return router;
}
