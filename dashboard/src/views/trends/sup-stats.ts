/**
 * The trends page's 督办 table, per unit: orders issued, then received on time, answered on time, returned
 * and overdue — each count with its rate (÷ issued) and a tone: for the on-time rates high is good, for
 * returned and overdue high is bad. Units with nothing issued come last. Pure.
 */
import type { SupervisionUnitStats } from '../../../../common/api.js';

export type Tone = 'good' | 'warn' | 'bad' | '';
export interface StatCell {
  count: number;
  rate: number | null;
  tone: Tone;
}
export interface SupStatsRow {
  unit: SupervisionUnitStats;
  issued: number;
  receivedOnTime: StatCell;
  answeredOnTime: StatCell;
  returned: StatCell;
  overdue: StatCell;
}

/** On-time rates: ≥ 95 % good, ≥ 80 % warn, below bad. */
export function onTimeTone(rate: number | null): Tone {
  if (rate === null) return '';
  return rate >= 0.95 ? 'good' : rate >= 0.8 ? 'warn' : 'bad';
}

/** Returned / overdue rates: 0 good, up to 10 % warn, above bad. */
export function failureTone(rate: number | null): Tone {
  if (rate === null) return '';
  return rate === 0 ? 'good' : rate <= 0.1 ? 'warn' : 'bad';
}

export function supStatsRows(units: readonly SupervisionUnitStats[]): SupStatsRow[] {
  return [...units]
    .sort((a, b) => (b.issued > 0 ? 1 : 0) - (a.issued > 0 ? 1 : 0) || a.prefix.localeCompare(b.prefix))
    .map((u) => ({
      unit: u,
      issued: u.issued,
      receivedOnTime: {
        count: u.received_on_time,
        rate: u.received_on_time_rate,
        tone: onTimeTone(u.received_on_time_rate),
      },
      answeredOnTime: {
        count: u.answered_on_time,
        rate: u.answered_on_time_rate,
        tone: onTimeTone(u.answered_on_time_rate),
      },
      returned: { count: u.returned, rate: u.returned_rate, tone: failureTone(u.returned_rate) },
      overdue: { count: u.overdue, rate: u.overdue_rate, tone: failureTone(u.overdue_rate) },
    }));
}
