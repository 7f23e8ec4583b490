import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers with a strict policy: resources from this origin only, never framed (clickjacking),
 * no MIME sniffing, no referrer (order tokens may ride in URLs). HSTS is sent only on requests that
 * arrived over TLS (directly, or per X-Forwarded-Proto from the trusted proxy): on plain HTTP it would
 * be ignored, and on a local http://localhost it would pin the name to HTTPS.
 */
export function securityHeaders(): RequestHandler[] {
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return [
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          // The local system is plain HTTP; TLS sites get HSTS instead.
          'upgrade-insecure-requests': null,
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}

/**
 * CORS stays closed (no Access-Control-* headers, so browsers block cross-origin reads and the JSON-only
 * rule blocks cross-origin writes) unless CORS_ORIGINS lists the origins of a storefront or console
 * served elsewhere. No cookies are used, so credentials are never allowed.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler[] {
  if (origins.length === 0) return [];
  return [
    cors({
      origin: [...origins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-Order-Token', 'Idempotency-Key', 'Accept'],
      exposedHeaders: ['Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
      credentials: false,
      maxAge: 600,
    }),
  ];
}
