import type { RequestHandler } from 'express';
import { sendProblem } from '../problem.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** application/json or a structured-syntax suffix such as application/merge-patch+json. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

/**
 * CSRF defence: a browser sends a cross-site request without a CORS preflight only with a form or
 * plain-text content type, so accepting state changes only as JSON makes every cross-site write need
 * a preflight, which CORS refuses unless the origin is listed. The header is checked, not the body, so
 * an empty-bodied form post is refused too.
 */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (!STATE_CHANGING.has(req.method) || isJsonMediaType(req.get('content-type'))) return next();
  sendProblem(
    res,
    415,
    'Unsupported media type',
    'Send the request body as application/json (an empty object {} when there is nothing to say).',
  );
};
