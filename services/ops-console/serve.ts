import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../shared/logger.ts';
import {
  htmlFile,
  IMMUTABLE,
  precompressedFiles,
  sendHtml,
  type HtmlPage,
} from '../shared/web/built-files.ts';
import { buildDir, ensureBuilt, isBuilt } from '../shared/web/vite-build.ts';
import { OPS_CONSOLE_BUILD } from './build.ts';

/**
 * What the console needs from order-api's security (its `operatorSession`), structurally, so this
 * service does not depend on order-api: who is asking, and turning a pasted token into a cookie.
 */
export interface ConsoleSessions {
  check(req: Request): Promise<{ ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'unavailable' }>;
  signIn(token: string, secure: boolean): Promise<{ ok: true; setCookie: string } | { ok: false }>;
  signOut(secure: boolean): string;
}

/** The pages answer differently per credential: never stored by a shared cache, always revalidated. */
const PAGE_CACHE = 'private, no-store';

function sendPage(req: Request, res: Response, html: HtmlPage, status: number): void {
  sendHtml(req, res, html, status, {
    cacheControl: PAGE_CACHE,
    vary: 'Accept-Encoding, Authorization, Cookie',
  });
}

function problem(res: Response, status: number, title: string, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .set('Cache-Control', 'no-store')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

const signInBody = z.object({ token: z.string().min(1).max(4096) });

/**
 * The ops console at /ops (operators only; docs/ops-console.md): the console page for a request with
 * an operator credential, else the sign-in page with 401; its hashed assets (public: code, no data);
 * and the session endpoints that turn a pasted OPERATOR_TOKENS token into an HttpOnly cookie.
 */
export function opsConsoleRouter(dir: string, sessions: ConsoleSessions): Router {
  const consolePage = htmlFile(path.join(dir, 'index.html'));
  const signInPage = htmlFile(path.join(dir, 'sign-in.html'));
  consolePage();
  signInPage();
  const router = Router();
  router.use(
    '/ops/assets',
    precompressedFiles(path.join(dir, 'assets'), () => IMMUTABLE),
  );
  router.get('/ops/favicon.svg', (_req, res) =>
    res.set('Cache-Control', 'public, max-age=3600').sendFile(path.join(dir, 'favicon.svg')),
  );
  router.get(['/ops', '/ops/'], async (req, res) => {
    const who = await sessions.check(req);
    if (who.ok) return sendPage(req, res, consolePage(), 200);
    if (who.reason !== 'unavailable') res.set('WWW-Authenticate', 'Bearer realm="oms"');
    sendPage(req, res, signInPage(), who.reason === 'unavailable' ? 503 : 401);
  });

  const session = express.Router();
  // The session answers carry credentials or say who is signed in: never cached anywhere.
  session.use((_req, res, next) => (res.set('Cache-Control', 'no-store'), next()));
  session.get('/', async (req, res) => {
    const who = await sessions.check(req);
    if (!who.ok) return problem(res, 401, 'Not signed in', 'Sign in with an operator token.');
    res.json({ signedIn: true });
  });
  // JSON only, like every write (the API's CSRF rule): the sign-in page posts it with fetch.
  session.post('/', async (req, res) => {
    const body = signInBody.safeParse(req.body);
    if (!body.success) return problem(res, 400, 'Invalid sign-in', 'Send {"token": "<operator token>"}.');
    const result = await sessions.signIn(body.data.token, req.secure);
    if (!result.ok) {
      return problem(res, 401, 'Not an operator token', 'The token is not one of OPERATOR_TOKENS.');
    }
    res.set('Set-Cookie', result.setCookie).redirect(303, '/ops');
  });
  session.delete('/', (req, res) => {
    res.set('Set-Cookie', sessions.signOut(req.secure)).status(204).end();
  });
  router.use('/ops/session', session);
  return router;
}

/**
 * The console for `npm start`: builds it first when dist/ops-console is missing or older than its
 * sources, then serves it. When it cannot be built (no Vite) /ops says how to build it.
 */
export async function localOpsConsole(logger: Logger, sessions: ConsoleSessions): Promise<Router> {
  const built = await ensureBuilt(OPS_CONSOLE_BUILD, logger);
  if (built.ok) return opsConsoleRouter(built.dir, sessions);
  const router = Router();
  router.get(['/ops', '/ops/'], (_req, res) => problem(res, 503, 'Ops console not built', built.message));
  return router;
}

/**
 * The console for `oms api` (production): the build shipped in dist/ops-console, never built here (a
 * production install has no Vite). Without a build /ops is simply not served, and that is logged.
 */
export function builtOpsConsole(logger: Logger, sessions: ConsoleSessions): Router | undefined {
  const dir = buildDir(OPS_CONSOLE_BUILD);
  if (!isBuilt(OPS_CONSOLE_BUILD, dir)) {
    logger.info(`no ops console build in ${dir} (npm run build:ops): /ops is not served`);
    return undefined;
  }
  return opsConsoleRouter(dir, sessions);
}
