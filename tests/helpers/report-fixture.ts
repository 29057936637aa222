/**
 * A realistic report's content with known figures, for the renderers' tests: 南宁市 in November 2026, its six
 * district bureaus (one with nothing due), ten deadline rules and two condition rules whose figures add up to
 * the summary, 24 orders with three 挂牌督办, and a daily series. Every figure is chosen so its printed form is
 * unambiguous (no ties in rank, no rates that round alike).
 */
import type { ReportContent, ReportRuleRow, ReportUnitRow } from '../../common/report.js';

function deadline(
  rule_id: string,
  name: string,
  severity: string,
  due: number,
  violations: number,
  legal_basis: string,
): ReportRuleRow {
  return {
    rule_id,
    name,
    kind: 'deadline',
    severity,
    legal_basis,
    due,
    violations,
    violation_rate: violations / due,
  };
}

function condition(rule_id: string, name: string, severity: string, violations: number, legal_basis: string) {
  const row: ReportRuleRow = {
    rule_id,
    name,
    kind: 'condition',
    severity,
    legal_basis,
    due: null,
    violations,
    violation_rate: null,
  };
  return row;
}

function unit(
  rank: number | null,
  code: string,
  name: string,
  due: number,
  on_time: number,
  condition_violations: number,
  previous_rate: number | null,
): ReportUnitRow {
  const compliance_rate = due === 0 ? null : on_time / due;
  return {
    rank,
    code,
    name,
    level: 'county',
    due,
    on_time,
    late_or_missing: due - on_time,
    condition_violations,
    compliance_rate,
    previous_rate,
    change_pp:
      compliance_rate === null || previous_rate === null ? null : (compliance_rate - previous_rate) * 100,
  };
}

export const FIXTURE_RULES: ReportRuleRow[] = [
  deadline(
    'R-INC-01',
    '案件类警情超期未接报案登记（有警不接）',
    'P2',
    180,
    9,
    '《关于改革完善受案立案制度的意见》(2015): 处置完毕后24小时内完成接报案登记; 《公安机关办理行政案件程序规定》第60条',
  ),
  deadline(
    'R-INC-05',
    '刑事立案审查超期（有案不立）',
    'P2',
    90,
    6,
    '《关于改革完善受案立案制度的意见》(2015): 刑事案件立案审查期限原则上不超过3日，涉嫌犯罪线索需要查证的不超过7日',
  ),
  deadline(
    'R-INC-04',
    '行政受案审查超期（有案不受）',
    'P2',
    150,
    5,
    '《关于改革完善受案立案制度的意见》(2015): 行政案件受案审查期限原则上不超过24小时，疑难复杂案件不超过3日',
  ),
  deadline(
    'R-ADM-01',
    '治安案件超期未结',
    'P2',
    120,
    9,
    '《治安管理处罚法》; 《公安机关办理行政案件程序规定》第165条',
  ),
  deadline('R-INC-13', '警情超期未反馈', 'P3', 255, 13, '《110接处警工作规则》; 各地“警情不清零不交班”'),
  deadline(
    'R-PER-16',
    '办案区滞留超时',
    'P1',
    70,
    2,
    '《刑事诉讼法》第119条; 《公安机关办理刑事案件程序规定》第200条',
  ),
  deadline(
    'R-PER-08',
    '刑拘后超期未讯问',
    'P2',
    40,
    1,
    '《刑事诉讼法》第86条; 《公安机关办理刑事案件程序规定》第128条',
  ),
  deadline(
    'R-PRO-02',
    '涉案财物超期未入库',
    'P2',
    110,
    7,
    '《公安机关涉案财物管理若干规定》(2015); 《公安机关办理行政案件程序规定》第190条',
  ),
  deadline(
    'R-PRO-12',
    '结案后涉案财物未处置',
    'P3',
    60,
    9,
    '《公安机关办理刑事案件程序规定》第288条; 《公安机关涉案财物管理若干规定》: 及时办理移送、返还、处置',
  ),
  deadline(
    'R-PER-01',
    '刑拘后超期未送看守所',
    'P1',
    125,
    4,
    '《刑事诉讼法》第85条; 《公安机关办理刑事案件程序规定》第126条: 立即送看守所羁押，至迟不得超过二十四小时',
  ),
  condition(
    'R-REC-08',
    '讯问录像不完整',
    'P1',
    4,
    '《公安机关办理刑事案件程序规定》第208条: 全程录音录像，保持完整性',
  ),
  condition(
    'R-PER-19',
    '单人讯（询）问',
    'P2',
    2,
    '《公安机关办理刑事案件程序规定》第202条; 《公安机关办理行政案件程序规定》第52条',
  ),
];

export const FIXTURE_UNITS: ReportUnitRow[] = [
  unit(1, '450102000000', '兴宁区公安分局', 200, 196, 1, 0.97),
  unit(2, '450103000000', '青秀区公安分局', 320, 310, 2, 0.95),
  unit(3, '450108000000', '良庆区公安分局', 150, 142, 0, 0.93),
  unit(4, '450105000000', '江南区公安分局', 250, 235, 0, 0.956),
  unit(5, '450107000000', '西乡塘区公安分局', 280, 252, 3, 0.9),
  unit(null, '450109000000', '邕宁区公安分局', 0, 0, 0, null),
];

/** 40 due a day; 2 violations a day and 3 on five days: 1,200 due and 65 violations in all. */
function series(): ReportContent['series'] {
  const extra = new Set([3, 8, 15, 22, 27]);
  const points = Array.from({ length: 30 }, (_, i) => {
    const day = i + 1;
    const violations = extra.has(day) ? 3 : 2;
    return {
      t: `2026-11-${String(day).padStart(2, '0')}`,
      due: 40,
      violations,
      compliance_rate: (40 - violations) / 40,
    };
  });
  return { bucket: 'day', points };
}

export function reportFixture(): ReportContent {
  return {
    title: '南宁市公安局执法监督通报（2026年11月）',
    unit: { code: '450100000000', name: '南宁市公安局', level: 'city' },
    period: 'month',
    range: { from: '2026-11-01', to: '2026-11-30', label: '2026年11月' },
    previous: { from: '2026-10-01', to: '2026-10-31', label: '2026年10月' },
    time_zone: 'Asia/Shanghai',
    generated_at: '2026-12-01T00:00:05Z',
    summary: {
      due: 1200,
      on_time: 1135,
      late_or_missing: 65,
      condition_violations: 6,
      compliance_rate: 1135 / 1200,
      previous_rate: 0.938,
      change_pp: (1135 / 1200 - 0.938) * 100,
      by_severity: { P1: 10, P2: 39, P3: 22, P4: 0 },
    },
    rules: FIXTURE_RULES,
    units: FIXTURE_UNITS,
    orders: {
      issued: 24,
      received_on_time: 21,
      answered_on_time: 18,
      returned: 3,
      overdue: 4,
      received_on_time_rate: 21 / 24,
      answered_on_time_rate: 18 / 24,
      returned_rate: 3 / 24,
      overdue_rate: 4 / 24,
      listed: [
        {
          supervision_id: 'SUP-20261125-0011',
          unit_code: '450103520000',
          unit_name: '青秀区公安分局南湖派出所',
          issued_at: '2026-11-25T01:05:00Z',
          state: 'issued',
          feedback_due_at: '2026-12-02T01:05:00Z',
          overdue: 'receive',
          rules: ['涉案财物超期未入库'],
        },
        {
          supervision_id: 'SUP-20261103-0007',
          unit_code: '450107000000',
          unit_name: '西乡塘区公安分局',
          issued_at: '2026-11-03T02:15:00Z',
          state: 'received',
          feedback_due_at: '2026-11-10T02:15:00Z',
          overdue: 'feedback',
          rules: ['办案区滞留超时'],
        },
        {
          supervision_id: 'SUP-20261112-0002',
          unit_code: '450105000000',
          unit_name: '江南区公安分局',
          issued_at: '2026-11-12T06:40:00Z',
          state: 'closed',
          feedback_due_at: '2026-11-19T06:40:00Z',
          overdue: 'none',
          rules: ['刑拘后超期未送看守所', '刑拘后超期未讯问'],
        },
      ],
    },
    series: series(),
  };
}
