/** English texts of the duty console's views; the same keys as zh-CN.duty.ts. */
import type { dutyZhCN } from './zh-CN.duty.js';

export const dutyEn: Record<keyof typeof dutyZhCN, string> = {
  'duty.filter.query': 'Unit name or code, case or incident id',
  'duty.sortBy': 'Sort by “{col}” (click again to reverse)',
  'duty.view.label': 'View',
  'duty.view.active': 'To handle',
  'duty.view.resolved': 'Handled',
  'duty.view.historical': 'Historical',
  'duty.view.handover': 'Shift handover',
};
