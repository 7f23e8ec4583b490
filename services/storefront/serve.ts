import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { Logger } from '../shared/logger.ts';
import { buildStorefront, isStorefrontCurrent, projectRoot, storefrontDist } from './build.ts';
import { isStorefrontPage } from './src/routes.ts';

/** Hashed file names change with their content, so browsers and proxies may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The HTML names the current hashed files: always revalidate it (cheap: ETag → 304). */
const REVALIDATE = 'no-cache';
/** favicon.svg, robots.txt: unhashed, so only briefly cached. */
const SHORT = 'public, max-age=3600';

function cacheControl(filePath: string): string {
  if (filePath.split(path.sep).includes('assets')) return IMMUTABLE;
  if (/\.html(\.br|\.gz)?$/.test(filePath)) return REVALIDATE;
  return SHORT;
}

interface HtmlPage {
  identity: Buffer;
  br?: Buffer | undefined;
  gzip?: Buffer | undefined;
}

function readHtml(file: string): HtmlPage {
  const optional = (suffix: string) =>
    fs.existsSync(file + suffix) ? fs.readFileSync(file + suffix) : undefined;
  return { identity: fs.readFileSync(file), br: optional('.br'), gzip: optional('.gz') };
}

/** An HTML file from memory, read again when a rebuild (`npm run build:storefront`) replaced it. */
function htmlFile(file: string): () => HtmlPage {
  let cached: { mtimeMs: number; html: HtmlPage } | undefined;
  return () => {
    const mtimeMs = fs.statSync(file).mtimeMs;
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readHtml(file) };
    return cached.html;
  };
}

/** Answers a page request with one of the build's HTML pages, precompressed when the client accepts it. */
function sendIndex(req: Request, res: Response, html: HtmlPage, status: number): void {
  // Brotli when the client takes it (smaller), else gzip, else the plain file.
  const encoding =
    html.br && req.acceptsEncodings('br')
      ? 'br'
      : html.gzip && req.acceptsEncodings('gzip')
        ? 'gzip'
        : undefined;
  res.status(status);
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': REVALIDATE,
    Vary: 'Accept-Encoding',
  });
  if (encoding) res.set('Content-Encoding', encoding);
  res.send(encoding ? html[encoding] : html.identity);
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
  router.use(
    expressStaticGzip(dir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        index: false,
        redirect: false,
        setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControl(filePath)),
      },
    }),
  );
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    // A path with a file extension asked for a file that does not exist; that is not a page.
    if (path.extname(req.path) !== '' || !req.accepts('html')) return next();
    sendIndex(req, res, index(), isStorefrontPage(req.path) ? 200 : 404);
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
  const root = projectRoot();
  const dir = storefrontDist(root);
  try {
    if (!isStorefrontCurrent(root, dir)) {
      const started = Date.now();
      logger.info('building the storefront into dist/storefront (npm run build:storefront)');
      await buildStorefront(root, dir);
      logger.info({ ms: Date.now() - started }, 'storefront built');
    }
  } catch (err) {
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error({ err }, 'the storefront could not be built; serving the API only');
      return notBuiltRouter(message);
    }
    logger.warn({ err }, 'the storefront could not be rebuilt; serving the previous build');
  }
  return storefrontRouter(dir);
}

function notBuiltRouter(message: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.status(503).type('text/plain').set('Cache-Control', 'no-store').send(`${message}\n`);
  });
  return router;
}
