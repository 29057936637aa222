/**
 * The live store's views of the alert book, with Vue's reactivity (no DOM): what the duty console's preview
 * reads by id must follow the book, so the panel beside the queue changes as the row does (issue #18 item 2:
 * the row turned 已签收 while the preview still showed 待签收 and an active 签收 button).
 */
import { describe, expect, it } from 'vitest';
import { computed } from 'vue';
import { AlertBook } from '../../dashboard/src/stores/alert-book.js';
import { useAlertBookViews } from '../../dashboard/src/stores/live-book-views.js';
import { alert } from '../../dashboard/tests/fixtures.js';

/** Waits for the views' once-a-frame flush (50 ms at most in node, where there are no frames). */
const flushed = () => new Promise((resolve) => setTimeout(resolve, 80));

describe('live book views', () => {
  it('an alert read by id follows the book after a change (the preview is not a stale copy)', async () => {
    const book = new AlertBook();
    const views = useAlertBookViews(book);
    const a = alert({ alert_id: 'R-INC-01:incident_id:J1', seq: 5 });
    book.loadSnapshot([a], 5);
    views.bump();
    await flushed();
    const selected = computed(() => views.get(a.alert_id));
    const row = computed(() => views.alerts.value.find((x) => x.alert_id === a.alert_id));
    expect(selected.value?.state).toBe('open');
    views.applyLocal({
      ...a,
      seq: 6,
      state: 'acknowledged',
      acknowledged_at: '2026-11-26T01:00:00.000Z',
      acknowledged_by: 'officer1',
    });
    await flushed();
    expect(row.value?.state).toBe('acknowledged');
    expect(selected.value?.state).toBe('acknowledged');
    expect(selected.value?.seq).toBe(6);
    expect(selected.value?.acknowledged_by).toBe('officer1');
  });
});
