/**
 * A typed fetch client: JSON in and out, `Authorization: Bearer <token>`, errors as ApiError (status, the
 * server's `code` and message, Retry-After). Callers decide on `code`, never on the words. A 401 whose code
 * says the session is gone signs the user out (onUnauthorized).
 */
import { isErrorBody } from '../../../common/errors.js';
import type { ErrorCode } from '../../../common/errors.js';

/**
 * The server's code (common/errors.ts), or one of the client's own: `network_error` when no answer came,
 * `unexpected_response` when the answer was not an errors-v2 body (a proxy's page, an older server).
 */
export type ApiErrorCode = ErrorCode | 'network_error' | 'unexpected_response';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: ApiErrorCode,
    readonly body: unknown = null,
    /** From a 429's Retry-After header (or the `retry_after_seconds` older servers put in the body). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Whether `err` is an ApiError with one of `codes`. */
export function hasCode(err: unknown, ...codes: ApiErrorCode[]): err is ApiError {
  return err instanceof ApiError && codes.includes(err.code);
}

/** The codes that mean the session is over (no token, or one invalid, expired or revoked). */
const SIGNED_OUT: readonly ApiErrorCode[] = ['unauthorized', 'invalid_token'];

/** status 0: the request never got an answer (network down, server unreachable). */
export function isNetworkError(err: unknown): boolean {
  return hasCode(err, 'network_error');
}

export type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from the defined values; '' when none. */
export function buildQuery(params: Record<string, QueryValue> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface ApiClientOptions {
  baseUrl?: string;
  getToken: () => string | null;
  /** Called when an authenticated request is refused as signed out (`unauthorized`, `invalid_token`). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  /** DELETE; a 204 resolves to null. */
  del<T>(path: string): Promise<T>;
}

function retryAfter(res: Pick<Response, 'headers'>, body: unknown): number | null {
  const fromBody = (body as { retry_after_seconds?: unknown } | null)?.retry_after_seconds;
  if (typeof fromBody === 'number') return fromBody;
  const header = Number(res.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 ? header : null;
}

/** The ApiError for a non-2xx answer: `{error, code}` when the server sent one, else what there is. */
export function errorFrom(
  res: Pick<Response, 'status' | 'statusText' | 'headers'>,
  parsed: unknown,
): ApiError {
  const retry = retryAfter(res, parsed);
  if (isErrorBody(parsed)) return new ApiError(res.status, parsed.error, parsed.code, parsed, retry);
  const said = (parsed as { error?: unknown } | null)?.error;
  const message =
    (typeof said === 'string' && said) || (typeof parsed === 'string' && parsed) || res.statusText;
  return new ApiError(res.status, message || `HTTP ${res.status}`, 'unexpected_response', parsed, retry);
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const token = opts.getToken();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ApiError(0, err instanceof Error ? err.message : 'network error', 'network_error');
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) {
      const err = errorFrom(res, parsed);
      if (token && SIGNED_OUT.includes(err.code)) opts.onUnauthorized?.();
      throw err;
    }
    return parsed as T;
  }

  return {
    get: (path, query) => request('GET', `${path}${buildQuery(query)}`),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body),
    del: (path) => request('DELETE', path),
  };
}
