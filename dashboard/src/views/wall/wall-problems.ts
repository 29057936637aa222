/**
 * Every error on the wall, said once in the banner in the UI language: which panels are not up to date and
 * why (no answer from the server, the server's error, or something else) — never a panel's raw English
 * "Failed to fetch" over its chart. Pure: (failures, t) → the banner's line or null.
 */
import { ApiError } from '../../api/client.js';
import type { MessageKey, Translate } from '../../i18n/translate.js';

export interface PanelFailure {
  /** The panel's title key. */
  panel: MessageKey;
  /** What the last load threw (an ApiError from the client), or its message; null when it loaded. */
  cause: unknown;
}

function reason(cause: unknown, t: Translate): string {
  if (cause instanceof ApiError) {
    if (cause.code === 'network_error') return t('wall.err.network');
    return t('wall.err.server', { status: cause.status });
  }
  return t('wall.err.other');
}

/** "无法连接服务器：近24小时告警趋势、即将到期 未更新", the first failure's reason; null when all loaded. */
export function wallProblem(failures: readonly PanelFailure[], t: Translate): string | null {
  const failed = failures.filter((f) => f.cause !== null && f.cause !== undefined && f.cause !== '');
  if (failed.length === 0) return null;
  const network = failed.find((f) => f.cause instanceof ApiError && f.cause.code === 'network_error');
  const panels = [...new Set(failed.map((f) => t(f.panel)))].join(t('wall.err.sep'));
  return t('wall.err.line', { reason: reason((network ?? failed[0]!).cause, t), panels });
}
