/**
 * When a store does not answer: bounded waits on the request path and a 503 `unavailable` instead of a hang
 * or a 500. `withTimeout` bounds one call; `isOutage` recognises what Redis (ioredis) and ClickHouse throw
 * when they are down or hang; `requestDeadline` answers 503 for any API request still unanswered after its
 * deadline (counted from the end of its body), whatever it waits for.
 */
import type { RequestHandler, Response } from 'express';
import { sendError } from './errors.js';

/** A store did not answer in time (or at all). */
export class UnavailableError extends Error {
  constructor(what: string) {
    super(`${what}: no answer in time`);
    this.name = 'UnavailableError';
  }
}

/** `promise`, or an UnavailableError after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const OUTAGE_MESSAGES =
  /Command timed out|Connection is closed|Stream isn't writeable|enableOfflineQueue|Reached the max retries|socket hang up|Timeout error|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE/;
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);

/** Whether an error means a store is down or not answering (as opposed to a bug). */
export function isOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof UnavailableError || err.name === 'MaxRetriesPerRequestError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  return OUTAGE_MESSAGES.test(err.message);
}

export const UNAVAILABLE_MESSAGE =
  'a store Vigil needs (Redis or ClickHouse) is not answering; try again shortly (GET /api/health shows which)';

/** Whether the deadline already answered this request (a late answer of the route is then dropped). */
export function answeredByDeadline(res: Response): boolean {
  return res.locals.deadlinePassed === true;
}

/** 503 for a request still unanswered `ms` after its body was read (or after its start, without one). */
export function requestDeadline(ms: number): RequestHandler {
  return (req, res, next) => {
    let timer: NodeJS.Timeout | undefined;
    const start = (): void => {
      if (res.headersSent || timer) return;
      timer = setTimeout(() => {
        if (res.headersSent) return;
        res.locals.deadlinePassed = true;
        sendError(res, 'unavailable', UNAVAILABLE_MESSAGE);
      }, ms);
    };
    res.once('close', () => clearTimeout(timer));
    if (req.readableEnded || req.complete) start();
    else req.once('end', start);
    next();
  };
}
