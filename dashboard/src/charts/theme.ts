/** Colours and type for charts and pages: the wall's dark theme and the office pages' light one. */
export interface ChartTheme {
  name: 'dark' | 'light';
  text: string;
  subtext: string;
  axis: string;
  split: string;
  tooltipBg: string;
  severity: { P1: string; P2: string; P3: string; P4: string };
  resolved: string;
  good: string;
  warn: string;
  bad: string;
  neutral: string;
  fontFamily: string;
  /** Base font size in px; the wall is read from across a room. */
  fontSize: number;
}

export const FONT_FAMILY =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif';

export const darkTheme: ChartTheme = {
  name: 'dark',
  text: '#dce6f5',
  subtext: '#8ea3c0',
  axis: '#3a4d6b',
  split: 'rgba(120, 150, 190, 0.14)',
  tooltipBg: 'rgba(10, 20, 38, 0.94)',
  severity: { P1: '#ff4d4f', P2: '#ff9f1a', P3: '#f5d90a', P4: '#6fa8ff' },
  resolved: '#36cfc9',
  good: '#3ddc84',
  warn: '#f5d90a',
  bad: '#ff4d4f',
  neutral: '#4c6a92',
  fontFamily: FONT_FAMILY,
  // 21 px on the 1920×1080 canvas: axis labels and legends (×0.85) 18 px, the wall's least for anything
  // that matters — ≥ 22 mm on a 4K wall 2.4 m wide, about 16 minutes of arc at five metres (ISO 9241-303).
  fontSize: 21,
};

export const lightTheme: ChartTheme = {
  name: 'light',
  text: '#1f2a3d',
  subtext: '#5b6b82',
  axis: '#c3ccd9',
  split: 'rgba(31, 42, 61, 0.08)',
  tooltipBg: 'rgba(255, 255, 255, 0.97)',
  severity: { P1: '#d9363e', P2: '#e8830c', P3: '#c9a400', P4: '#3d7bd9' },
  resolved: '#13a8a8',
  good: '#239b56',
  warn: '#c9a400',
  bad: '#d9363e',
  neutral: '#8a9bb4',
  fontFamily: FONT_FAMILY,
  fontSize: 13,
};

/** Compliance colour: ≥ 95 % good, ≥ 85 % warning, below that bad; grey when nothing was due. */
export function rateColor(rate: number | null, theme: ChartTheme): string {
  if (rate === null) return theme.neutral;
  if (rate >= 0.95) return theme.good;
  if (rate >= 0.85) return theme.warn;
  return theme.bad;
}

/** `97.3%`, or '—' when nothing was due. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}
