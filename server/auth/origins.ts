/**
 * Which web pages may talk to the API and the realtime server: the page's own origin (same host), and the
 * origins listed in ALLOWED_ORIGINS (e.g. a wall display served from another host). A browser names the
 * page in the `Origin` header; a request without one (curl, the sending systems) is no browser's
 * cross-site request and passes. The host the request was sent to is its Host header, or the
 * X-Forwarded-Host a trusted proxy (loopback, as `trust proxy` in app.ts) set.
 *
 * For the API: a state-changing request (anything but GET/HEAD/OPTIONS) from another origin not listed is
 * refused with 403 `forbidden_origin`; listed origins get CORS headers (bearer tokens, no cookies). For
 * Socket.IO: the handshake of a socket from such an origin is refused with the same code.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { sendError } from '../http/errors.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host (and port) the request was addressed to. */
export function requestHost(req: IncomingMessage): string | undefined {
  const forwarded = req.headers['x-forwarded-host'];
  if (typeof forwarded === 'string' && LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    const first = forwarded.split(',')[0]?.trim();
    if (first) return first.toLowerCase();
  }
  return req.headers.host?.toLowerCase();
}

/** Whether a request with this Origin header may act: none, the same host, or a listed origin. */
export function originAllowed(
  origin: string | undefined,
  req: IncomingMessage,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host === requestHost(req) || allowed.includes(url.origin);
}

export function forbiddenOriginMessage(origin: string): string {
  return `requests from ${origin.slice(0, 100)} are not allowed; an operator can add that origin to ALLOWED_ORIGINS`;
}

/** The API's origin check, and CORS answers for the listed origins. */
export function originGuard(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.vary('Origin');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    const acts = !SAFE_METHODS.has(req.method) || req.headers['access-control-request-method'];
    if (acts && !originAllowed(origin, req, allowed)) {
      sendError(res, 'forbidden_origin', forbiddenOriginMessage(origin ?? ''));
      return;
    }
    next();
  };
}
