/**
 * Is a failed insert an outage (retry until it is over, losing nothing) or something else? Outages: no
 * answer at all (connection refused/reset, timeouts) and the ClickHouse codes below (table detached for
 * maintenance, too many parts, memory or concurrency limits, read-only replica, network errors). Any
 * other error is retried a few times with back-off by the queue and then dead-lettered, so one poison
 * batch can never block the queue forever.
 */
const OUTAGE_CODES = new Set([
  '60', // UNKNOWN_TABLE (detached, being migrated)
  '81', // UNKNOWN_DATABASE
  '159', // TIMEOUT_EXCEEDED
  '164', // READONLY
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '236', // ABORTED
  '241', // MEMORY_LIMIT_EXCEEDED
  '242', // TABLE_IS_READ_ONLY
  '252', // TOO_MANY_PARTS
  '319', // UNKNOWN_STATUS_OF_INSERT
  '425', // SYSTEM_ERROR
  '999', // KEEPER_EXCEPTION
]);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; clickhouseCode?: unknown; message?: unknown };
  for (const c of [e.clickhouseCode, e.code]) {
    if (typeof c === 'number' || (typeof c === 'string' && /^\d+$/.test(c))) return String(c);
  }
  const m = typeof e.message === 'string' ? /Code: (\d+)/.exec(e.message) : null;
  return m?.[1];
}

export function isTransientInsertError(err: unknown): boolean {
  const code = codeOf(err);
  return code === undefined || OUTAGE_CODES.has(code);
}
