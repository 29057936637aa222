import { ApiError } from '../../api/client.js';
import { t } from '../../i18n/index.js';

/** A failed admin request in words: the server's status and message, or the error as it came. */
export function serverSaid(err: unknown): string {
  return err instanceof ApiError
    ? t('admin.serverSaid', { status: err.status, msg: err.message })
    : t('admin.failed', { msg: String(err) });
}
