/**
 * Supervision time limits (CONTRACT.md §6.1): `<n>s|m|h` are exact; `<n>d` counts as `holiday_end` days on the
 * legal clock (§2.1: the first day not counted, the period ends at the end of its last day, a last day on a
 * holiday moves to the next working day), in the unit's zone and province. The one place order deadlines are
 * computed; the rule engine's day arithmetic is the same LegalClock.
 */
import { parseDuration } from '../../common/rules.js';
import type { SupervisionFile, SupervisionLevel } from '../../common/supervision.js';
import type { LegalClock } from '../engine/legal-clock.js';

export interface Deadline {
  at: number;
  /** The calendar lacked a year: counted as natural days. */
  missing: boolean;
}

export type LevelLimits = SupervisionFile['levels'];

export class SupervisionDeadlines {
  constructor(
    readonly limits: LevelLimits,
    private readonly clock: LegalClock,
  ) {}

  /** The end of `limit` from `from` for a unit. */
  after(from: number, limit: string, unitCode: string): Deadline {
    const days = /^(\d+)d$/.exec(limit);
    if (days) {
      const d = this.clock.due(from, { amount: Number(days[1]), unit: 'd' }, 'holiday_end', unitCode);
      return { at: d.due, missing: d.missing };
    }
    return { at: from + (parseDuration(limit) ?? 0), missing: false };
  }

  receiveLimit(level: SupervisionLevel): string {
    return this.limits[level].receive_within;
  }

  feedbackLimit(level: SupervisionLevel): string {
    return this.limits[level].feedback_within;
  }
}
