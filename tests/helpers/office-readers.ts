/**
 * Independent readers for the report files, for tests: Info-ZIP's `unzip` and regular expressions over the
 * OOXML parts (never the libraries that wrote them), poppler's `pdftotext`. Just enough of WordprocessingML
 * and SpreadsheetML to read back text, table rows, cells with their types and styles.
 */
import { execFileSync } from 'node:child_process';

export function unzipText(file: string, part: string): string {
  return execFileSync('unzip', ['-p', file, part], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

export function unzipBytes(file: string, part: string): Buffer {
  return execFileSync('unzip', ['-p', file, part], { maxBuffer: 64 << 20 });
}

export function zipParts(file: string): string[] {
  const out = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of every <w:t> inside a fragment, joined. */
function wordText(xml: string): string {
  return unescapeXml([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
}

/** The text of each paragraph outside tables, in order. */
export function docxParagraphs(documentXml: string): string[] {
  const outside = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  return [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => wordText(m[0]));
}

/** Each table as its rows of cell texts. */
export function docxTables(documentXml: string): string[][][] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => wordText(c[1] ?? '')),
    ),
  );
}

export interface SheetCell {
  ref: string;
  /** The `t` attribute: s (shared string), inlineStr, str, b, e; null for a number. */
  type: string | null;
  /** The shared string or inline text, or the <v> as written. */
  value: string;
  style: number;
}

export interface Workbook {
  sheetNames: string[];
  /** A sheet's cells by reference (A1…), by sheet name. */
  sheet(name: string): Map<string, SheetCell>;
  sheetXml(name: string): string;
  /** The number format code and boldness of a cell style index. */
  style(index: number): { numFmt: string | null; bold: boolean };
}

function sharedStrings(file: string): string[] {
  if (!zipParts(file).includes('xl/sharedStrings.xml')) return [];
  const xml = unzipText(file, 'xl/sharedStrings.xml');
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescapeXml([...(m[1] ?? '').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join('')),
  );
}

function attr(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

function parseCells(xml: string, strings: string[]): Map<string, SheetCell> {
  const cells = new Map<string, SheetCell>();
  for (const m of xml.matchAll(/<c(\s[^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const tag = m[1] ?? '';
    const inner = m[2] ?? '';
    const type = attr(tag, 't');
    const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? '';
    const inline = /<t(?:\s[^>]*)?>([^<]*)<\/t>/.exec(inner)?.[1];
    const value = type === 's' ? (strings[Number(v)] ?? '') : unescapeXml(inline ?? v);
    cells.set(attr(tag, 'r') ?? '', {
      ref: attr(tag, 'r') ?? '',
      type,
      value,
      style: Number(attr(tag, 's') ?? 0),
    });
  }
  return cells;
}

function styles(file: string) {
  const xml = unzipText(file, 'xl/styles.xml');
  const fmts = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s([^>]*)\/>/g))
    fmts.set(Number(attr(` ${m[1]}`, 'numFmtId')), unescapeXml(attr(` ${m[1]}`, 'formatCode') ?? ''));
  const fontsXml = /<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(xml)?.[1] ?? '';
  const fonts = [...fontsXml.matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map((f) =>
    /<b\/>/.test(f[1] ?? ''),
  );
  const xfsXml = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const xfs = [...xfsXml.matchAll(/<xf\s([^>]*?)\/?>/g)].map((x) => ({
    numFmtId: Number(attr(` ${x[1]}`, 'numFmtId') ?? 0),
    fontId: Number(attr(` ${x[1]}`, 'fontId') ?? 0),
  }));
  return (index: number) => {
    const xf = xfs[index] ?? { numFmtId: 0, fontId: 0 };
    return {
      numFmt: fmts.get(xf.numFmtId) ?? (xf.numFmtId === 0 ? null : `#${xf.numFmtId}`),
      bold: fonts[xf.fontId] ?? false,
    };
  };
}

export function readXlsx(file: string): Workbook {
  const wbXml = unzipText(file, 'xl/workbook.xml');
  const rels = unzipText(file, 'xl/_rels/workbook.xml.rels');
  const sheets = [...wbXml.matchAll(/<sheet\s([^>]*)\/>/g)].map((m) => {
    const name = unescapeXml(attr(` ${m[1]}`, 'name') ?? '');
    const rid = attr(` ${m[1]}`, 'r:id') ?? '';
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*Id="${rid}"`).exec(rels);
    const path = (target?.[1] ?? target?.[2] ?? '').replace(/^\/?(xl\/)?/, 'xl/');
    return { name, path };
  });
  const strings = sharedStrings(file);
  const pathOf = (name: string) => sheets.find((s) => s.name === name)?.path ?? '';
  return {
    sheetNames: sheets.map((s) => s.name),
    sheetXml: (name) => unzipText(file, pathOf(name)),
    sheet: (name) => parseCells(unzipText(file, pathOf(name)), strings),
    style: styles(file),
  };
}

/** `pdftotext -layout` of the whole file. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
