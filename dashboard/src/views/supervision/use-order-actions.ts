/**
 * The actions on supervision orders, for the duty console and the alert page: issue, receive, answer, review,
 * cancel. Each POSTs, applies the returned order to the live book at once (the socket's copy of the same
 * change comes later and is ignored by seq) and says what happened; a refusal shows the server's own words
 * (`error`), which say what to do. `dialogError` holds the refusal of the dialog in use, so it stays open.
 */
import { ref } from 'vue';
import type { Supervision } from '../../../../common/supervision.js';
import type { AnswerRequest, IssueRequest, ReviewRequest } from '../../../../common/supervision.js';
import { api } from '../../api/instance.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { useLiveStore } from '../../stores/live.js';

export type Say = (tone: 'ok' | 'warn' | 'error', text: string) => void;

export function useOrderActions(say: Say, changed?: (order: Supervision) => void) {
  const live = useLiveStore();
  const busy = ref(false);
  const dialogError = ref<string | null>(null);

  /** Runs one action; the order on success, null on a refusal (said, and kept in dialogError). */
  async function run(
    call: () => Promise<Supervision>,
    ok: (o: Supervision) => string,
  ): Promise<Supervision | null> {
    if (busy.value) return null;
    busy.value = true;
    dialogError.value = null;
    try {
      const order = await call();
      live.applyOrder(order);
      changed?.(order);
      say('ok', ok(order));
      return order;
    } catch (err) {
      const msg = t('sup.err.failed', { msg: err instanceof Error ? err.message : String(err) });
      dialogError.value = msg;
      say('error', msg);
      return null;
    } finally {
      busy.value = false;
    }
  }

  const said = (key: MessageKey) => () => t(key);

  return {
    busy,
    dialogError,
    clearError: () => (dialogError.value = null),
    issue: (body: IssueRequest) =>
      run(
        () => api.issueSupervision(body),
        (o) => t('sup.ok.issued', { id: o.supervision_id }),
      ),
    receive: (o: Supervision) => run(() => api.receiveSupervision(o.supervision_id), said('sup.ok.received')),
    answer: (o: Supervision, body: AnswerRequest) =>
      run(() => api.answerSupervision(o.supervision_id, body), said('sup.ok.answered')),
    review: (o: Supervision, body: ReviewRequest) =>
      run(
        () => api.reviewSupervision(o.supervision_id, body),
        said(body.decision === 'accept' ? 'sup.ok.closed' : 'sup.ok.returned'),
      ),
    cancel: (o: Supervision, note: string) =>
      run(() => api.cancelSupervision(o.supervision_id, note), said('sup.ok.cancelled')),
  };
}

export type OrderActionsApi = ReturnType<typeof useOrderActions>;
