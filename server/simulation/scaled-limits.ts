/**
 * The level limits the simulated 督办 people live by: those of the shipped SUPERVISION_FILE divided by the
 * scale (60: 提醒 签收 4 h → 4 min, 反馈 24 h → 24 min; 督办 3 d → 72 min), so that late steps, SUP-OVERDUE
 * alerts and escalations show within minutes. Day limits become plain seconds (no working-day counting at a
 * demo's pace). The policies' waiting times are left as they are: they track alerts, not the people.
 */
import { parseDuration } from '../../common/rules.js';
import { SUPERVISION_LEVELS } from '../../common/supervision.js';
import type { SupervisionFile } from '../../common/supervision.js';

function scaled(limit: string, scale: number): string {
  const ms = parseDuration(limit) ?? 0;
  return `${Math.max(1, Math.round(ms / scale / 1000))}s`;
}

export function scaledLimits(file: SupervisionFile, scale: number): SupervisionFile {
  if (scale <= 0 || scale === 1) return file;
  const levels = { ...file.levels };
  for (const level of SUPERVISION_LEVELS) {
    const l = file.levels[level];
    levels[level] = {
      receive_within: scaled(l.receive_within, scale),
      feedback_within: scaled(l.feedback_within, scale),
    };
  }
  return { ...file, levels };
}
