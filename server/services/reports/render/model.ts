/**
 * The document model: a report as headings, paragraphs, tables and charts, built once from a ReportContent
 * (build-model.ts) and printed by each renderer (DOCX, HTML → PDF, XLSX). A cell carries both its value and
 * its printed text, so a figure reads the same in every format and XLSX still stores numbers as numbers.
 */
import type { ChartOption } from '../../../../dashboard/src/charts/types.js';
import { formatChangeShort, formatCount, formatRate, ratePercent } from './numbers.js';

/** text: free text; code: a unit code (always text); count: an integer; rate: 0…1; pp: percentage points. */
export type CellKind = 'text' | 'code' | 'count' | 'rate' | 'pp';

export interface Cell {
  kind: CellKind;
  value: string | number | null;
  text: string;
}

export interface Column {
  header: string;
  /** Relative width on the page (the table fills the A4 text width); XLSX widths follow it too. */
  width: number;
  align: 'left' | 'right' | 'center';
}

export interface Table {
  /** The XLSX sheet name, when the table is a sheet. */
  sheet: string;
  columns: Column[];
  rows: Cell[][];
  /** Said instead of an empty table. */
  empty: string;
}

export interface ChartSpec {
  id: 'series' | 'units';
  option: ChartOption;
  /** Drawing size in px (the SVG's; the page scales it to the text width). */
  width: number;
  height: number;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'table'; table: Table }
  /** A chart with the sentence that reads it (kept on the same page) and its caption. */
  | { kind: 'chart'; chart: ChartSpec; caption: string; intro?: string };

export interface Section {
  /** `一、总体情况`. */
  heading: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  /** `统计周期：2026年11月1日至11月30日`. */
  periodLine: string;
  /** `制发单位：南宁市公安局  生成时间：2026-12-01 08:00`. */
  issuerLine: string;
  sections: Section[];
  /** The XLSX workbook: one sheet per table, in order. */
  sheets: Table[];
}

export const text = (s: string): Cell => ({ kind: 'text', value: s, text: s });
export const code = (s: string): Cell => ({ kind: 'code', value: s, text: s });
export const count = (n: number | null): Cell => ({ kind: 'count', value: n, text: formatCount(n) });
export const rate = (r: number | null): Cell => ({
  kind: 'rate',
  value: ratePercent(r) === null ? null : r,
  text: formatRate(r),
});
export const pp = (x: number | null): Cell => ({ kind: 'pp', value: x, text: formatChangeShort(x) });

export const col = (header: string, width: number, align: Column['align'] = 'right'): Column => ({
  header,
  width,
  align,
});
