/** English labels of the trends page's comparisons, heat map and assessment tab; spread into en.ts. */
import type { trendsZhCN } from './zh-CN.trends.js';

export const trendsEn: Record<keyof typeof trendsZhCN, string> = {
  'trends.tab.trends': 'Trends',
  'trends.tab.assessment': 'Assessment',
  'range.180d': 'Last 180 days',
  'range.365d': 'Last year',
  'range.custom': 'Custom',
  'trends.from': 'From',
  'trends.to': 'to',
  'trends.apply': 'Show',
  'trends.badDates': 'Pick a start and an end date (at most 3 years)',
  'trends.prevNote':
    '“vs previous” is the change against the period of the same length just before, in percentage points; red is worse.',
  'col.late': 'Late',
  'col.missing': 'Missing',
  'col.condViolations': 'Condition violations',
  'col.condNote':
    'Condition violations: found by condition rules (seizure before a case, questioning by one officer, auxiliary police acting alone) — the act itself is the violation, there is no deadline, so they are listed apart and not in Due. Due = on time + late + missing.',
  'col.change': 'vs previous',
  'col.sortHint': 'Click a heading to sort',
  'heat.title': 'Violation rate by rule × unit',
  'heat.note':
    'Each cell is the unit’s violation rate for the rule = violations ÷ judged (deadline obligations due and condition checks); darker is worse, grey “—” means nothing was due.',
  'assess.title': 'Assessment ({from} to {to})',
  'assess.unit': 'Unit',
  'assess.score': 'Score',
  'assess.prev': 'Previous',
  'assess.nothingDue': 'Nothing due',
  'assess.lost': '−{points}',
  'assess.weight': 'weight {w}',
  'assess.formula':
    'Score = {base} − Σ weight × rate (not below 0). Rates: violations ÷ judged per rule category; orders received / answered late ÷ steps due; lateness = mean hours late of late work (capped at {full} h) ÷ {full} h. A component with nothing due costs nothing; a unit with nothing due at all is not scored.',
  'assess.noCounts':
    'Only rates are scored — never counts of cases, detentions, fines or clearance rates (执法质量考评 rules).',
  'assess.forbidden': 'The assessment is for managers',
};
