/**
 * ReportContent → ReportDocument: the five sections of a 通报 (一、总体情况 … 五、趋势) with their sentences,
 * tables and charts, and the workbook's sheets — built once, so DOCX, PDF and XLSX print the same figures.
 * Pure.
 */
import type { ReportContent } from '../../../../common/report.js';
import { formatDateTime } from '../../../../dashboard/src/lib/time.js';
import { MAX_CHART_UNITS, seriesChart, unitsChart } from './chart-specs.js';
import type { Block, ReportDocument, Section } from './model.js';
import { changePp, formatChange, formatRate } from './numbers.js';
import {
  conditionRulesTable,
  deadlineRulesTable,
  listedTable,
  ordersTable,
  rulesSheet,
  seriesTable,
  severityName,
  summarySheet,
  summaryTable,
  unitsTable,
} from './tables.js';

/** `2026-11-03` → `2026年11月3日`. */
export function localDateText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function unitName(c: ReportContent): string {
  return c.unit.name ?? c.unit.code;
}

/** The opening sentence: what was due, what was on time, the rate and its change. */
export function summarySentence(c: ReportContent): string {
  const s = c.summary;
  if (s.due === 0) return `${c.range.label}，${unitName(c)}及所属单位无期限届满的应办执法事项。`;
  const pp = changePp(s.compliance_rate, s.previous_rate);
  const against =
    pp === null
      ? `上期（${c.previous.label}）无可比数据`
      : pp === 0
        ? `与上期（${c.previous.label}）持平`
        : `较上期（${c.previous.label}）${formatChange(pp)}`;
  return (
    `${c.range.label}，${unitName(c)}及所属单位应办执法事项${s.due}件，按期办理${s.on_time}件，` +
    `超期或未办${s.late_or_missing}件，执法规范率（合规率）为${formatRate(s.compliance_rate)}，${against}。`
  );
}

function severitySentence(c: ReportContent): string {
  const s = c.summary;
  const parts = (['P1', 'P2', 'P3', 'P4'] as const).map(
    (p) => `${severityName(p)}${s.by_severity[p] ?? 0}件`,
  );
  return (
    `违规按等级分：${parts.join('、')}。另有条件类违规${s.condition_violations}件` +
    `（该类规则没有办理期限，单独计数，不计入应办数和合规率）。`
  );
}

function summarySection(c: ReportContent): Section {
  return {
    heading: '一、总体情况',
    blocks: [
      { kind: 'paragraph', text: summarySentence(c) },
      { kind: 'paragraph', text: severitySentence(c) },
      { kind: 'table', table: summaryTable(c) },
    ],
  };
}

function rulesSection(c: ReportContent): Section {
  const deadline = c.rules.filter((r) => r.kind === 'deadline').length;
  return {
    heading: '二、违规情况（按规则）',
    blocks: [
      { kind: 'subheading', text: '（一）期限类规则' },
      {
        kind: 'paragraph',
        text: `期限类规则${deadline}条，按违规率由高到低排列；违规率 = 违规数 ÷ 应办数。`,
      },
      { kind: 'table', table: deadlineRulesTable(c) },
      { kind: 'subheading', text: '（二）条件类规则' },
      {
        kind: 'note',
        text: '条件类规则检查执法过程本身是否合规（如讯问录像不完整、单人讯问），没有办理期限，不产生应办数，其违规单独列出，不计入合规率。',
      },
      { kind: 'table', table: conditionRulesTable(c) },
    ],
  };
}

function unitsCaption(c: ReportContent): string {
  const which =
    c.units.length > MAX_CHART_UNITS
      ? `合规率最低的${MAX_CHART_UNITS}个单位`
      : '由低到高；无应办事项的单位无柱';
  return `图1\u3000所属单位合规率（${which}）`;
}

function unitsSection(c: ReportContent): Section {
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: '所属单位按合规率由高到低排名（不按违规数量排名）；本期无应办事项的单位列于最后，不参与排名。',
    },
    { kind: 'table', table: unitsTable(c) },
  ];
  if (c.units.length > 0) blocks.push({ kind: 'chart', chart: unitsChart(c), caption: unitsCaption(c) });
  return { heading: '三、各单位执法规范率排名', blocks };
}

function ordersSentence(c: ReportContent): string {
  const o = c.orders;
  if (o.issued === 0) return '本期未下发督办。';
  return (
    `本期下发督办${o.issued}件，按期签收${o.received_on_time}件（${formatRate(o.received_on_time_rate)}），` +
    `按期反馈${o.answered_on_time}件（${formatRate(o.answered_on_time_rate)}），被退回${o.returned}件` +
    `（${formatRate(o.returned_rate)}），逾期${o.overdue}件（${formatRate(o.overdue_rate)}）。`
  );
}

function ordersSection(c: ReportContent): Section {
  return {
    heading: '四、督办情况',
    blocks: [
      { kind: 'paragraph', text: ordersSentence(c) },
      { kind: 'table', table: ordersTable(c) },
      { kind: 'subheading', text: `挂牌督办（${c.orders.listed.length}件）` },
      { kind: 'table', table: listedTable(c, false) },
    ],
  };
}

function trendSection(c: ReportContent): Section {
  const day = c.series.bucket === 'day';
  const intro =
    `${day ? '每日' : '每月'}合规率（折线，左轴）与违规数（柱，右轴），虚线为95%目标线；` +
    `无应办事项的${day ? '日期' : '月份'}不画合规率。`;
  return {
    heading: '五、趋势',
    blocks: [
      {
        kind: 'chart',
        chart: seriesChart(c),
        intro,
        caption: `图2\u3000${day ? '每日' : '每月'}合规率与违规数`,
      },
    ],
  };
}

export function buildReportDocument(c: ReportContent): ReportDocument {
  return {
    title: c.title,
    periodLine: `统计周期：${localDateText(c.range.from)}至${localDateText(c.range.to)}（${c.range.label}）`,
    issuerLine: `制发单位：${unitName(c)}\u3000\u3000生成时间：${formatDateTime(c.generated_at, c.time_zone, false)}`,
    sections: [summarySection(c), rulesSection(c), unitsSection(c), ordersSection(c), trendSection(c)],
    sheets: [summarySheet(c), rulesSheet(c), unitsTable(c), ordersTable(c), listedTable(c), seriesTable(c)],
  };
}
