/**
 * The report's tables as an XLSX workbook with exceljs: one sheet per table (总体, 规则, 单位排名, 督办,
 * 挂牌督办, 趋势), counts as numbers, rates as numbers with a percent format, changes in percentage points
 * as numbers printed ▲1.2 / ▼0.8 / 持平, unit codes and ids as text (450103520000 never becomes 4.5E+11),
 * the header row bold and frozen, columns as wide as their widest text.
 */
import ExcelJS from 'exceljs';
import type { Cell, ReportDocument, Table } from './model.js';
import { XLSX_FORMATS } from './numbers.js';

/** Display width of a text in Excel's character units (a CJK character counts two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

/** Widest text of the column, header included, plus padding; long free text is capped and wraps. */
function columnWidth(t: Table, i: number): number {
  const texts = [t.columns[i]?.header ?? '', ...t.rows.map((r) => r[i]?.text ?? '')];
  return Math.min(60, Math.max(8, ...texts.map(displayWidth)) + 2);
}

function writeCell(target: ExcelJS.Cell, c: Cell): void {
  if (c.value === null) {
    target.value = c.text;
    target.alignment = { horizontal: 'right' };
    return;
  }
  if (c.kind === 'text' || c.kind === 'code') {
    target.value = String(c.value);
    return;
  }
  target.value = Number(c.value);
  target.numFmt = XLSX_FORMATS[c.kind];
}

function addSheet(wb: ExcelJS.Workbook, t: Table): void {
  const ws = wb.addWorksheet(t.sheet, {
    views: [{ state: 'frozen', ySplit: 1 }],
    // Printed as offices print tables: A4, every column on one page's width, the header row on every page.
    pageSetup: {
      paperSize: 9,
      orientation: t.columns.length > 4 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  ws.columns = t.columns.map((c, i) => ({ header: c.header, width: columnWidth(t, i) }));
  if (t.rows.length > 0 && t.sheet !== '总体')
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };
  t.rows.forEach((r, ri) => {
    const row = ws.getRow(ri + 2);
    r.forEach((c, ci) => writeCell(row.getCell(ci + 1), c));
    t.columns.forEach((col, ci) => {
      if (col.align === 'left' && (r[ci]?.text.length ?? 0) > 60)
        row.getCell(ci + 1).alignment = { wrapText: true, vertical: 'top' };
    });
  });
}

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '守望 Vigil';
  wb.title = doc.title;
  for (const t of doc.sheets) addSheet(wb, t);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
