/**
 * HTTP error bodies (CONTRACT.md §3, errors v2): every 4xx/5xx answer is `{"error", "code"}` — `error` for a
 * person (what went wrong, what to do), `code` for a program (stable English snake_case; decide on it, never
 * on the text). Each code has one HTTP status. Plain TypeScript (no zod) so the dashboard can import values.
 */

/** Every error code the HTTP API sends, with its status. Codes are never renamed; new ones may be added. */
export const ERROR_STATUS = {
  /** The request is malformed in a way none of the codes below names (e.g. an undecodable path). */
  bad_request: 400,
  /** The body is not JSON (or NDJSON) at all; the message says where it stops parsing. */
  invalid_json: 400,
  /** The body parses but a field is missing, wrong or unknown. */
  invalid_body: 400,
  /** A query parameter is missing, wrong or unknown. */
  invalid_query: 400,
  /** A path segment (alert id, user name, token id) is malformed. */
  invalid_path: 400,
  /** No bearer token (or no valid ingest token on the ingest routes). */
  unauthorized: 401,
  /** The session or kiosk token is invalid, expired or revoked: sign in again. */
  invalid_token: 401,
  /** Sign-in refused: wrong user name or password (the same for both). */
  invalid_credentials: 401,
  /** The user's role may not do this. */
  forbidden: 403,
  /** The unit, alert or user lies outside the user's scope. */
  out_of_scope: 403,
  /** A state-changing request (or a Socket.IO connection) from a web page of an origin not allowed
   *  (not the server's own, not in ALLOWED_ORIGINS). */
  forbidden_origin: 403,
  /** The alert, user, kiosk token or source does not exist. */
  not_found: 404,
  /** No such /api route (a client newer than the server, or a typo). */
  unknown_route: 404,
  /** Acknowledge or resolve on an alert that is already resolved. */
  alert_resolved: 409,
  /** Acknowledge or resolve on an alert held while a source it depends on is late or silent. */
  alert_held: 409,
  /** A user of that name exists already. */
  user_exists: 409,
  /** The user is disabled. */
  user_disabled: 409,
  /** An admin tried to disable, or set the password of, their own account through the API. */
  own_account: 409,
  /** The user has as many live kiosk tokens as allowed. */
  kiosk_limit: 409,
  /** An alert named in a new supervision order already has an open order (the message names it). */
  open_order: 409,
  /** A supervision action the order's current state does not allow (the message says the state). */
  wrong_state: 409,
  /** Notifications are off (NOTIFY_FILE not set), so there is nothing to test or list. */
  notify_disabled: 409,
  /** A test message to a channel that reaches people (SMS, email) needs a contact using it; none does. */
  no_recipient: 409,
  /** A report's file asked for before the report is made (state queued or running): wait for `done`. */
  report_not_ready: 409,
  /** The body (or the number of events in it) is over the limit; split it. */
  payload_too_large: 413,
  /** The Content-Type is not one the route reads. */
  unsupported_media_type: 415,
  /** Too many failed sign-ins; wait Retry-After seconds. */
  rate_limited: 429,
  /** A bug or an unexpected failure; the server log has it. */
  internal: 500,
  /** A store the request needs (Redis, ClickHouse) does not answer; try again. */
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** The body of every 4xx/5xx HTTP answer. */
export interface ErrorBody {
  error: string;
  code: ErrorCode;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** Whether a parsed JSON body is an errors-v2 body (a known code and a non-empty message). */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.error === 'string' && v.error !== '' && isErrorCode(v.code);
}
