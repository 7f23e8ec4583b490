import fs from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/**
 * Serving what the Vite builds (storefront, ops console) wrote: their pages from memory and their files,
 * precompressed.
 */

/** A built HTML page and its precompressed twins (the Vite builds write .br and .gz beside it). */
export interface HtmlPage {
  identity: Buffer;
  br?: Buffer | undefined;
  gzip?: Buffer | undefined;
}

/** An HTML file from memory, read again when a rebuild replaced it. */
export function htmlFile(file: string): () => HtmlPage {
  let cached: { mtimeMs: number; html: HtmlPage } | undefined;
  const optional = (suffix: string) =>
    fs.existsSync(file + suffix) ? fs.readFileSync(file + suffix) : undefined;
  return () => {
    const mtimeMs = fs.statSync(file).mtimeMs;
    if (cached?.mtimeMs !== mtimeMs) {
      cached = {
        mtimeMs,
        html: { identity: fs.readFileSync(file), br: optional('.br'), gzip: optional('.gz') },
      };
    }
    return cached.html;
  };
}

/** Answers with a page, brotli when the client takes it (smaller), else gzip, else the plain file. */
export function sendHtml(
  req: Request,
  res: Response,
  html: HtmlPage,
  status: number,
  headers: { cacheControl: string; vary?: string },
): void {
  const encoding =
    html.br && req.acceptsEncodings('br')
      ? 'br'
      : html.gzip && req.acceptsEncodings('gzip')
        ? 'gzip'
        : undefined;
  res.status(status).set({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': headers.cacheControl,
    Vary: headers.vary ?? 'Accept-Encoding',
  });
  if (encoding) res.set('Content-Encoding', encoding);
  res.send(encoding ? html[encoding] : html.identity);
}

/** Hashed file names change with their content, so browsers and proxies may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A build's files, served as their brotli or gzip twin when the client accepts one. */
export function precompressedFiles(dir: string, cacheControl: (filePath: string) => string): RequestHandler {
  return expressStaticGzip(dir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      redirect: false,
      setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControl(filePath)),
    },
  });
}
