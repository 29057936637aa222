/**
 * The document model printed as DOCX with the `docx` package: A4 portrait, the title centred in 黑体, body in
 * 仿宋 (fonts named as Chinese Windows has them, with the East Asian language set, so LibreOffice on Linux
 * falls back to Noto CJK), numbered sections, tables that fill the text width (header row repeated on each
 * page), charts as PNG, and 第 X 页 共 Y 页 in the footer.
 */
import {
  AlignmentType,
  Document,
  Footer,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { IRunOptions } from 'docx';
import type { Block, ChartSpec, Column, ReportDocument, Table } from './model.js';
import { chartSvg, svgToPng } from './render-chart.js';

/** A4 in twips, with the margins of an official document (GB/T 9704: 37/35/28/26 mm, a little tighter). */
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1700, bottom: 1600, left: 1588, right: 1474 };
export const TEXT_WIDTH_TWIPS = PAGE.width - MARGIN.left - MARGIN.right;
/** The text width in px (96 px/in; 1440 twips/in), for sizing images. */
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);

const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
const BODY = font('FangSong');
const BOLD = font('SimHei');
const LANG = { value: 'zh-CN', eastAsia: 'zh-CN' };

type RunStyle = Pick<IRunOptions, 'size' | 'bold' | 'color'> & { heading?: boolean };

function run(text: string, style: RunStyle = {}): TextRun {
  const { heading, ...rest } = style;
  return new TextRun({ text, font: heading ? BOLD : BODY, language: LANG, ...rest });
}

interface ParaOptions {
  center?: boolean;
  indent?: boolean;
  /** Keep on the page of what follows (a heading, the sentence before a table or chart). */
  keepNext?: boolean;
}

function para(text: string, style: RunStyle, opts: ParaOptions = {}) {
  return new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    keepNext: opts.keepNext ?? false,
    keepLines: true,
    spacing: { before: 60, after: 60, line: 360 },
    ...(opts.indent ? { indent: { firstLine: 560 } } : {}),
    children: [run(text, style)],
  });
}

/** Tables up to this many rows are kept on one page. */
const SHORT_TABLE_ROWS = 8;

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER };

/** `keepNext`: the cell's line stays on the page of the next row (a short table is not split). */
function cell(text: string, column: Column, width: number, header: boolean, keepNext = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 70, right: 70, top: 40, bottom: 40 },
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E6ECF3', color: 'auto' } } : {}),
    children: [
      new Paragraph({
        alignment: header ? AlignmentType.CENTER : ALIGN[column.align],
        keepNext,
        children: [run(text, { size: 17, heading: header })],
      }),
    ],
  });
}

/** Column widths in twips: shares of the text width. */
export function columnTwips(columns: readonly Column[]): number[] {
  const total = columns.reduce((s, c) => s + c.width, 0);
  return columns.map((c) => Math.floor((TEXT_WIDTH_TWIPS * c.width) / total));
}

function table(t: Table): DocxTable | Paragraph {
  if (t.rows.length === 0) return para(t.empty, { size: 24 }, { indent: true });
  const widths = columnTwips(t.columns);
  const short = t.rows.length <= SHORT_TABLE_ROWS;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) => cell(c.header, c, widths[i] ?? 0, true, true)),
  });
  const rows = t.rows.map(
    (r, ri) =>
      new TableRow({
        cantSplit: true,
        children: t.columns.map((c, i) =>
          cell(r[i]?.text ?? '', c, widths[i] ?? 0, false, short && ri < t.rows.length - 1),
        ),
      }),
  );
  return new DocxTable({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [header, ...rows],
  });
}

function chart(spec: ChartSpec, caption: string, intro?: string): Paragraph[] {
  const png = svgToPng(chartSvg(spec));
  const width = Math.min(TEXT_WIDTH_PX, spec.width);
  const height = Math.round((spec.height * width) / spec.width);
  return [
    ...(intro ? [para(intro, { size: 28 }, { indent: true, keepNext: true })] : []),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 120 },
      children: [new ImageRun({ type: 'png', data: png, transformation: { width, height } })],
    }),
    para(caption, { size: 21, heading: true }, { center: true }),
  ];
}

function block(b: Block): (Paragraph | DocxTable)[] {
  switch (b.kind) {
    case 'paragraph':
      return [para(b.text, { size: 28 }, { indent: true, keepNext: true })];
    case 'subheading':
      return [para(b.text, { size: 28, bold: true }, { indent: true, keepNext: true })];
    case 'note':
      return [para(b.text, { size: 22, color: '4A5568' }, { indent: true, keepNext: true })];
    case 'table':
      return [table(b.table), new Paragraph({ spacing: { after: 60 }, children: [] })];
    case 'chart':
      return chart(b.chart, b.caption, b.intro);
  }
}

function footer(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
            font: BODY,
            language: LANG,
            size: 21,
          }),
        ],
      }),
    ],
  });
}

function body(doc: ReportDocument): (Paragraph | DocxTable)[] {
  const out: (Paragraph | DocxTable)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 240, line: 560 },
      children: [run(doc.title, { size: 40, heading: true, bold: true })],
    }),
    para(doc.periodLine, { size: 24 }, { center: true }),
    para(doc.issuerLine, { size: 24 }, { center: true }),
  ];
  for (const s of doc.sections) {
    out.push(
      new Paragraph({
        outlineLevel: 0,
        keepNext: true,
        spacing: { before: 240, after: 120 },
        indent: { firstLine: 560 },
        children: [run(s.heading, { size: 32, heading: true })],
      }),
    );
    for (const b of s.blocks) out.push(...block(b));
  }
  return out;
}

export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const file = new Document({
    title: doc.title,
    creator: '守望 Vigil',
    styles: { default: { document: { run: { font: BODY, size: 28, language: LANG } } } },
    sections: [
      {
        properties: { page: { size: PAGE, margin: { ...MARGIN, footer: 900, header: 850 } } },
        footers: { default: footer() },
        children: body(doc),
      },
    ],
  });
  return Packer.toBuffer(file);
}
