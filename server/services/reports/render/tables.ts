/**
 * The report's tables, each built once from the content: shown on the page (DOCX, PDF) and written as a
 * sheet (XLSX) from the same cells. Rules worst first, units by rank (rank 1 = best compliance; units with
 * nothing due last, unranked), every 挂牌督办 by issue time. Pure.
 */
import type {
  ReportContent,
  ReportListedOrder,
  ReportRuleRow,
  ReportUnitRow,
} from '../../../../common/report.js';
import { formatDateTime } from '../../../../dashboard/src/lib/time.js';
import { translate } from '../../../../dashboard/src/i18n/translate.js';
import type { MessageKey } from '../../../../dashboard/src/i18n/translate.js';
import { changePp } from './numbers.js';
import { code, col, count, pp, rate, text } from './model.js';
import type { Cell, Table } from './model.js';

/** `一级` for P1…P4 (the dashboard's words); anything else as it is. */
export function severityName(s: string): string {
  return /^P[1-4]$/.test(s) ? translate('zh-CN', `severity.${s}` as MessageKey) : s;
}

function zh(key: string, fallback: string): string {
  const t = translate('zh-CN', key as MessageKey);
  return t === key ? fallback : t;
}

export function summaryTable(c: ReportContent): Table {
  const s = c.summary;
  const row = (label: string, cell: Cell, note: string): Cell[] => [text(label), cell, text(note)];
  const sev = (['P1', 'P2', 'P3', 'P4'] as const).map((p) =>
    row(`${severityName(p)}违规`, count(s.by_severity[p] ?? 0), p),
  );
  return {
    sheet: '总体',
    columns: [col('项目', 3, 'left'), col('本期', 2), col('说明', 6, 'left')],
    rows: [
      row('应办事项', count(s.due), '期限类规则在本期届满的执法事项'),
      row('按期办理', count(s.on_time), '在期限内办结'),
      row('超期或未办', count(s.late_or_missing), '期限类违规'),
      row('合规率', rate(s.compliance_rate), '按期办理 ÷ 应办事项'),
      row('上期合规率', rate(s.previous_rate), c.previous.label),
      row('较上期（百分点）', pp(changePp(s.compliance_rate, s.previous_rate)), '本期 − 上期'),
      row('条件类违规', count(s.condition_violations), '无办理期限，单独计数，不计入合规率'),
      ...sev,
    ],
    empty: '',
  };
}

/** The summary as a sheet: what the report is (title, unit, periods) above the figures, as the page's title says. */
export function summarySheet(c: ReportContent): Table {
  const t = summaryTable(c);
  const info = (label: string, cell: Cell): Cell[] => [text(label), cell, text('')];
  return {
    ...t,
    rows: [
      info('通报', text(c.title)),
      info('单位', text(c.unit.name ?? c.unit.code)),
      info('单位代码', code(c.unit.code)),
      info('统计周期', text(`${c.range.from}至${c.range.to}（${c.range.label}）`)),
      info('上期', text(`${c.previous.from}至${c.previous.to}（${c.previous.label}）`)),
      ...t.rows,
    ],
  };
}

/** Deadline rules by violation rate, worst first; then by violations and id. */
export function sortRules(rules: readonly ReportRuleRow[]): ReportRuleRow[] {
  return [...rules].sort(
    (a, b) =>
      (b.violation_rate ?? -1) - (a.violation_rate ?? -1) ||
      b.violations - a.violations ||
      a.rule_id.localeCompare(b.rule_id),
  );
}

export function deadlineRulesTable(c: ReportContent): Table {
  const rules = sortRules(c.rules.filter((r) => r.kind === 'deadline'));
  return {
    sheet: '规则',
    columns: [
      col('规则', 1.7, 'left'),
      col('名称', 3.2, 'left'),
      col('等级', 1, 'center'),
      col('应办', 1.1),
      col('违规', 1.1),
      col('违规率', 1.3),
      col('法律依据', 4.6, 'left'),
    ],
    rows: rules.map((r) => [
      code(r.rule_id),
      text(r.name),
      text(severityName(r.severity)),
      count(r.due),
      count(r.violations),
      rate(r.violation_rate),
      text(r.legal_basis),
    ]),
    empty: '本期无期限类规则数据。',
  };
}

export function conditionRulesTable(c: ReportContent): Table {
  const rules = sortRules(c.rules.filter((r) => r.kind === 'condition'));
  return {
    sheet: '规则',
    columns: [
      col('规则', 1.7, 'left'),
      col('名称', 3.6, 'left'),
      col('等级', 1, 'center'),
      col('违规', 1.1),
      col('法律依据', 6.6, 'left'),
    ],
    rows: rules.map((r) => [
      code(r.rule_id),
      text(r.name),
      text(severityName(r.severity)),
      count(r.violations),
      text(r.legal_basis),
    ]),
    empty: '本期无条件类违规。',
  };
}

/** Every rule on one sheet, deadline rules first, with its kind. */
export function rulesSheet(c: ReportContent): Table {
  const ordered = [
    ...sortRules(c.rules.filter((r) => r.kind === 'deadline')),
    ...sortRules(c.rules.filter((r) => r.kind === 'condition')),
  ];
  return {
    sheet: '规则',
    columns: [
      col('规则', 12, 'left'),
      col('名称', 36, 'left'),
      col('类型', 10, 'center'),
      col('等级', 8, 'center'),
      col('应办', 9),
      col('违规', 9),
      col('违规率', 10),
      col('法律依据', 80, 'left'),
    ],
    rows: ordered.map((r) => [
      code(r.rule_id),
      text(r.name),
      text(r.kind === 'deadline' ? '期限类' : '条件类'),
      text(severityName(r.severity)),
      count(r.due),
      count(r.violations),
      rate(r.violation_rate),
      text(r.legal_basis),
    ]),
    empty: '',
  };
}

/** By rank (1 = best), unranked units (nothing due) last by code. */
export function rankUnits(units: readonly ReportUnitRow[]): ReportUnitRow[] {
  return [...units].sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code),
  );
}

export function unitsTable(c: ReportContent): Table {
  return {
    sheet: '单位排名',
    columns: [
      col('排名', 0.9, 'center'),
      col('单位', 2.6, 'left'),
      col('单位代码', 2.3, 'left'),
      col('应办', 1),
      col('按期', 1),
      col('超期或未办', 1.3),
      col('条件类违规', 1.3),
      col('合规率', 1.3),
      col('较上期（百分点）', 1.5),
    ],
    rows: rankUnits(c.units).map((u) => [
      u.rank === null ? text('—') : count(u.rank),
      text(u.name ?? u.code),
      code(u.code),
      count(u.due),
      count(u.on_time),
      count(u.late_or_missing),
      count(u.condition_violations),
      rate(u.compliance_rate),
      pp(changePp(u.compliance_rate, u.previous_rate)),
    ]),
    empty: '本单位无下级单位。',
  };
}

export function ordersTable(c: ReportContent): Table {
  const o = c.orders;
  return {
    sheet: '督办',
    columns: [col('项目', 3, 'left'), col('件数', 2), col('占下发比例', 2)],
    rows: [
      [text('下发督办'), count(o.issued), text('—')],
      [text('按期签收'), count(o.received_on_time), rate(o.received_on_time_rate)],
      [text('按期反馈'), count(o.answered_on_time), rate(o.answered_on_time_rate)],
      [text('被退回'), count(o.returned), rate(o.returned_rate)],
      [text('逾期'), count(o.overdue), rate(o.overdue_rate)],
    ],
    empty: '',
  };
}

function overdueText(overdue: string): string {
  if (overdue === 'none' || overdue === '') return '否';
  return zh(`sup.overdue.${overdue}`, overdue);
}

/** Every 挂牌督办 by issue time; on the page without the unit code (the sheet has it, as text). */
export function listedTable(c: ReportContent, withCode = true): Table {
  const tz = c.time_zone;
  const rows = [...c.orders.listed].sort(
    (a: ReportListedOrder, b: ReportListedOrder) =>
      a.issued_at.localeCompare(b.issued_at) || a.supervision_id.localeCompare(b.supervision_id),
  );
  const codeCol = withCode ? [col('单位代码', 2.3, 'left')] : [];
  return {
    sheet: '挂牌督办',
    columns: [
      col('督办编号', 3.2, 'left'),
      col('单位', 2.3, 'left'),
      ...codeCol,
      col('下发时间', 2, 'left'),
      col('状态', 2.1, 'left'),
      col('反馈期限', 2, 'left'),
      col('逾期', 1.9, 'left'),
      col('涉及规则', 2.8, 'left'),
    ],
    rows: rows.map((o) => [
      code(o.supervision_id),
      text(o.unit_name ?? o.unit_code),
      ...(withCode ? [code(o.unit_code)] : []),
      text(formatDateTime(o.issued_at, tz, false)),
      text(zh(`sup.state.${o.state}`, o.state)),
      text(formatDateTime(o.feedback_due_at, tz, false)),
      text(overdueText(o.overdue)),
      text(o.rules.join('；')),
    ]),
    empty: '本期无挂牌督办。',
  };
}

export function seriesTable(c: ReportContent): Table {
  return {
    sheet: '趋势',
    columns: [
      col(c.series.bucket === 'day' ? '日期' : '月份', 12, 'left'),
      col('应办', 10),
      col('违规', 10),
      col('合规率', 10),
    ],
    rows: c.series.points.map((p) => [text(p.t), count(p.due), count(p.violations), rate(p.compliance_rate)]),
    empty: '',
  };
}
