/**
 * The outage alert (数据源中断, P2): raised when a monitored source partition goes silent, resolved when it is
 * healthy again. It is published like any alert (seq, alert:changed) so that operators see and acknowledge
 * it; one alert per outage (the id carries the time the outage was detected). It resolves with resolution
 * `late`: the feed did come back, later than expected.
 */
import { alertId } from '../../common/alerts.js';
import type { Alert } from '../../common/alerts.js';
import { SOURCE_OUTAGE_RULE_ID, splitSourceKey } from '../../common/sources.js';
import { iso } from '../engine/advance.js';
import type { SourceCatalog } from './catalog.js';

export const OUTAGE_LEGAL_BASIS =
  '数据源健康监测：来源系统停止报送数据期间，依赖其后续事件判定的规则暂缓判定，防止误报。';

export function outageAlert(catalog: SourceCatalog, key: string, now: number, lastActivity: number): Alert {
  const { source, prefix } = splitSourceKey(key);
  const spec = catalog.byId.get(source);
  const name = spec?.name ?? source;
  return {
    alert_id: alertId(SOURCE_OUTAGE_RULE_ID, 'source', `${key}@${now}`),
    seq: 0,
    rule_id: SOURCE_OUTAGE_RULE_ID,
    severity: 'P2',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: prefix.padEnd(12, '0'),
    subject: {},
    trigger_event_id: `source:${key}`,
    satisfied_by_event_id: null,
    due_at: iso(lastActivity + (spec?.expect?.silentMs ?? 0)),
    opened_at: iso(now),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: `数据源中断：${name}（${prefix}）`,
    legal_basis: OUTAGE_LEGAL_BASIS,
  };
}

export function outageResolved(alert: Alert, now: number): Alert {
  return { ...alert, state: 'resolved', resolution: 'late', resolved_at: iso(now) };
}
