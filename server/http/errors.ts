/**
 * The one way the server answers an error (CONTRACT.md §3, errors v2): `sendError(res, code, message)` —
 * the status follows from the code (common/errors.ts), so a body without a code, or a code with the wrong
 * status, cannot be written. `errorOf` turns what Express and its body parsers throw into a code and words.
 */
import type { Response } from 'express';
import { ERROR_STATUS } from '../../common/errors.js';
import type { ErrorBody, ErrorCode } from '../../common/errors.js';

export function sendError(res: Response, code: ErrorCode, message: string): void {
  const body: ErrorBody = { error: message, code };
  res.status(ERROR_STATUS[code]).json(body);
}

/** What body-parser and the router attach to the errors they pass on (http-errors). */
interface ThrownHttpError {
  status?: unknown;
  type?: unknown;
  limit?: unknown;
  message?: unknown;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/**
 * The error body for something thrown while handling a request: a client's mistake (4xx from the body
 * parsers or the router) gets its code and a message to act on; anything else is `internal`, and the caller
 * logs it. Never the thrown message of an internal error (it could carry paths, queries or stack lines).
 */
export function errorOf(err: unknown): ErrorBody {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ThrownHttpError;
  const status = typeof e.status === 'number' ? e.status : 500;
  const said = typeof e.message === 'string' && e.message ? e.message : 'bad request';
  if (e.type === 'entity.too.large' || status === 413) {
    const limit = typeof e.limit === 'number' ? size(e.limit) : 'the limit';
    return {
      code: 'payload_too_large',
      error: `request body larger than ${limit}; send less (split a batch of events)`,
    };
  }
  if (e.type === 'entity.parse.failed')
    return {
      code: 'invalid_json',
      error: `the body is not valid JSON (${said}); send JSON with Content-Type: application/json`,
    };
  if (status === 415) return { code: 'unsupported_media_type', error: said };
  if (status >= 400 && status < 500) return { code: 'bad_request', error: said };
  return { code: 'internal', error: 'internal error; see the server log' };
}
