/** The CSV files of the trends page: the unit table and a station's alerts. Pure. */
import type { Alert } from '../../../../common/alerts.js';
import type { UnitStats } from '../../../../common/api.js';
import type { Translate } from '../../i18n/translate.js';
import { asText, toCsv } from '../../lib/csv.js';
import { subjectFacts } from '../../lib/event-fields.js';
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
    asText(u.code),
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

/** Alerts with Chinese (or English) headers, the unit's name beside its code, codes kept as text. */
export function alertsCsv(
  alerts: readonly Alert[],
  t: Translate,
  timeZone: string,
  unitName: (code: string) => string,
): string {
  const header = [
    t('csv.alertId'),
    t('csv.severity'),
    t('csv.ruleId'),
    t('csv.item'),
    t('col.code'),
    t('col.unit'),
    t('csv.subject'),
    t('csv.state'),
    t('csv.outcome'),
    t('csv.raised'),
    t('csv.deadline'),
    t('csv.resolved'),
  ];
  const rows = alerts.map((a) => [
    a.alert_id,
    a.severity,
    a.rule_id,
    a.title,
    asText(a.unit_code),
    unitName(a.unit_code),
    subjectFacts(a.subject, t, timeZone)
      .map((f) => `${f.label} ${f.value}`)
      .join(' · '),
    t(`state.${a.state}`),
    a.resolution ? t(`resolution.${a.resolution}`) : '',
    formatDateTime(a.opened_at, timeZone),
    formatDateTime(a.due_at, timeZone),
    a.resolved_at ? formatDateTime(a.resolved_at, timeZone) : '',
  ]);
  return toCsv(header, rows);
}
