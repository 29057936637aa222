/**
 * "What is getting worse": a rate's change against the previous period in percentage points, with its arrow
 * and whether it is worse (red) — for a compliance rate a fall is worse, for a violation rate a rise — and a
 * table sort that keeps rows without a value last whichever the direction. Pure.
 */
export interface Change {
  /** Percentage points, one decimal; null when either period has no rate. */
  pp: number | null;
  /** `▲ 3.2` / `▼ 1.0` / `= 0.0`; `—` when there is nothing to compare. */
  text: string;
  /** true: worse, false: better, null: no change or nothing to compare. */
  worse: boolean | null;
}

export function rateChange(
  current: number | null | undefined,
  previous: number | null | undefined,
  higherIsBetter = true,
): Change {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return { pp: null, text: '—', worse: null };
  const pp = Math.round((current - previous) * 1000) / 10;
  if (pp === 0) return { pp: 0, text: '= 0.0', worse: null };
  return {
    pp,
    text: `${pp > 0 ? '▲' : '▼'} ${Math.abs(pp).toFixed(1)}`,
    worse: higherIsBetter ? pp < 0 : pp > 0,
  };
}

/** The same change for a score (points, not percentage points): a fall is worse. */
export function scoreChange(current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return { pp: null, text: '—', worse: null };
  const d = Math.round((current - previous) * 10) / 10;
  if (d === 0) return { pp: 0, text: '= 0.0', worse: null };
  return { pp: d, text: `${d > 0 ? '▲' : '▼'} ${Math.abs(d).toFixed(1)}`, worse: d < 0 };
}

export type SortDir = 'asc' | 'desc';

/** Rows sorted by a value (numbers or text); rows whose value is null stay last in either direction. */
export function sortRows<T>(
  rows: readonly T[],
  value: (r: T) => number | string | null,
  dir: SortDir,
  tie: (r: T) => string,
): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null)
      return (va === null ? 1 : 0) - (vb === null ? 1 : 0) || tie(a).localeCompare(tie(b));
    const c =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return sign * c || tie(a).localeCompare(tie(b));
  });
}
