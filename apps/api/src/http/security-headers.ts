import type { NextFunction, Request, Response } from 'express';
import { isOpenApiPath, OPENAPI_CONTENT_SECURITY_POLICY, OPENAPI_JSON_PATH } from './openapi';

/** The API answers JSON only: nothing it serves may run script, be framed or be sniffed. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The documentation page's own policy, kept where the page is set up, made stricter still. */
const DOCS_POLICY = `${OPENAPI_CONTENT_SECURITY_POLICY}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

/**
 * Security headers on every response (OWASP ASVS V3/V14; GB/T 22239 level 3): HSTS, a
 * restrictive CSP, no MIME sniffing, no referrer, no framing, and no caching of answers that
 * may hold what only the signed-in user may see.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const docs = req.path !== OPENAPI_JSON_PATH && isOpenApiPath(req.path);
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('Content-Security-Policy', docs ? DOCS_POLICY : API_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (!docs) res.setHeader('Cache-Control', 'no-store');
  next();
}
