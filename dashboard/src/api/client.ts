/**
 * A typed fetch client: JSON in and out, `Authorization: Bearer <token>`, errors as ApiError (status, the
 * server's message, Retry-After). A 401 on an authenticated call signs the user out (onUnauthorized).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
    /** From a 429's Retry-After header or `retry_after_seconds`. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** status 0: the request never got an answer (network down, server unreachable). */
export function isNetworkError(err: unknown): boolean {
  return err instanceof ApiError && err.status === 0;
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
  /** Called when an authenticated request gets 401 (token expired or revoked). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** DELETE; a 204 resolves to null. */
  del<T>(path: string): Promise<T>;
}

function retryAfter(res: Response, body: unknown): number | null {
  const fromBody = (body as { retry_after_seconds?: unknown } | null)?.retry_after_seconds;
  if (typeof fromBody === 'number') return fromBody;
  const header = Number(res.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 ? header : null;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
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
      throw new ApiError(0, err instanceof Error ? err.message : 'network error');
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) {
      const message =
        (parsed as { error?: unknown } | null)?.error ??
        (typeof parsed === 'string' && parsed) ??
        res.statusText;
      if (res.status === 401 && token) opts.onUnauthorized?.();
      throw new ApiError(
        res.status,
        String(message || `HTTP ${res.status}`),
        parsed,
        retryAfter(res, parsed),
      );
    }
    return parsed as T;
  }

  return {
    get: (path, query) => request('GET', `${path}${buildQuery(query)}`),
    post: (path, body) => request('POST', path, body ?? {}),
    del: (path) => request('DELETE', path),
  };
}
