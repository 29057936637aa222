/**
 * Pure pieces of a report's content: compliance figures with their change from the previous period, and the
 * direct subordinate units ranked by compliance rate — never by raw counts; units with nothing due are listed
 * last, unranked; equal rates share a rank (1, 1, 3).
 */
import type { ComplianceFigures, ReportUnitRow } from '../../../common/report.js';
import type { Unit, UnitLevel } from '../../../common/units.js';
import { LEVEL_PREFIX_LENGTH, prefixToCode } from '../../../common/units.js';
import type { Counts, UnitCounts } from './ledger-queries.js';

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;

const NONE: Counts = { due: 0, on_time: 0, late_or_missing: 0, condition_violations: 0 };
const rateOf = (c: Counts): number | null => (c.due > 0 ? c.on_time / c.due : null);

export function figures(current: Counts | undefined, previous: Counts | undefined): ComplianceFigures {
  const c = current ?? NONE;
  const rate = rateOf(c);
  const before = rateOf(previous ?? NONE);
  return {
    due: c.due,
    on_time: c.on_time,
    late_or_missing: c.late_or_missing,
    condition_violations: c.condition_violations,
    compliance_rate: rate,
    previous_rate: before,
    change_pp: rate !== null && before !== null ? (rate - before) * 100 : null,
  };
}

/** The level directly below, and its prefix width; none below a station. */
export function childLevel(level: UnitLevel): { level: UnitLevel; width: number } | null {
  const next: Partial<Record<UnitLevel, UnitLevel>> = { province: 'city', city: 'county', county: 'station' };
  const l = next[level];
  return l ? { level: l, width: LEVEL_PREFIX_LENGTH[l] } : null;
}

/**
 * Every direct subordinate of `prefix` — those in the directory and any other the ledger names — with its
 * figures, best compliance first.
 */
export function rankUnits(
  rows: readonly UnitCounts[],
  directory: readonly Unit[],
  prefix: string,
  level: UnitLevel,
): ReportUnitRow[] {
  const width = LEVEL_PREFIX_LENGTH[level];
  const prefixes = new Set(rows.map((r) => r.prefix));
  for (const u of directory)
    if (u.level === level && u.code.startsWith(prefix)) prefixes.add(u.code.slice(0, width));
  const names = new Map(directory.map((u) => [u.code, u.name]));
  const list = [...prefixes].map((p) => {
    const code = prefixToCode(p);
    const f = figures(
      rows.find((r) => r.prefix === p && r.current),
      rows.find((r) => r.prefix === p && !r.current),
    );
    return { rank: null as number | null, code, name: names.get(code) ?? null, level, ...f };
  });
  list.sort(
    (a, b) =>
      (b.compliance_rate ?? -1) - (a.compliance_rate ?? -1) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  list.forEach((u, i) => {
    if (u.compliance_rate === null) return;
    const before = list[i - 1];
    u.rank = before && before.compliance_rate === u.compliance_rate ? before.rank : i + 1;
  });
  return list;
}
