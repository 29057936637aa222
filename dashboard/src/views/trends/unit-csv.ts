/** The CSV files of the trends page: the unit table and a station's alerts. Pure. */
import type { Alert } from '../../../../common/alerts.js';
import type { UnitStats } from '../../../../common/api.js';
import type { Translate } from '../../i18n/translate.js';
import { toCsv } from '../../lib/csv.js';
import { formatDateTime } from '../../lib/time.js';

const round = (v: number | null, digits = 1) => (v === null ? null : Number(v.toFixed(digits)));

export function unitStatsCsv(
  units: readonly UnitStats[],
  nameOf: (u: UnitStats) => string,
  t: Translate,
): string {
  const header = [
    t('col.code'),
    t('col.unit'),
    t('col.due'),
    t('col.onTime'),
    t('col.violations'),
    `${t('col.rate')} (%)`,
    t('col.p50'),
    t('col.p90'),
    t('col.ack'),
    t('col.active'),
  ];
  const rows = units.map((u) => [
    u.code,
    nameOf(u),
    u.due,
    u.on_time,
    u.violations,
    u.compliance_rate === null ? null : round(u.compliance_rate * 100, 2),
    round(u.lateness_p50_h),
    round(u.lateness_p90_h),
    round(u.ack_p50_min),
    u.active,
  ]);
  return toCsv(header, rows);
}

export function alertsCsv(alerts: readonly Alert[], t: Translate, timeZone: string): string {
  const header = [
    'alert_id',
    t('duty.col.severity'),
    t('duty.col.rule'),
    t('col.code'),
    t('col.state'),
    t('col.opened'),
    t('detail.deadline'),
  ];
  const rows = alerts.map((a) => [
    a.alert_id,
    a.severity,
    `${a.rule_id} ${a.title}`,
    a.unit_code,
    t(`state.${a.state}`),
    formatDateTime(a.opened_at, timeZone),
    formatDateTime(a.due_at, timeZone),
  ]);
  return toCsv(header, rows);
}
