/** SendResults for messages that could not be sent at all (the configuration or the address lacks something). */
import type { SendResult } from './types.js';

/** Not sent, not worth retrying until the configuration changes: `error` says what to fix. */
export function notSent(error: string): SendResult {
  return { ok: false, code: 0, latencyMs: 0, error, retryable: false };
}

/** The channel has no address (its `url_env` names a variable that was not set). */
export function noUrl(id: string): SendResult {
  return notSent(`channel ${id} has no URL: set url, or the variable named by url_env`);
}
