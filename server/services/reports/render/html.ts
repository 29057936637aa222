/**
 * The document model as one self-contained HTML page for printing (Chromium → PDF): A4, 黑体-like headings
 * and 仿宋-like body (named first, Noto CJK as the Linux fallback), tables that fill the width with their
 * header repeated on each page, charts as inline SVG. Nothing is fetched: no scripts, no external files.
 */
import type { Block, ReportDocument, Table } from './model.js';
import { chartSvg } from './render-chart.js';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const SANS = "'SimHei', '黑体', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
export const SERIF = "'FangSong', '仿宋', 'Noto Serif CJK SC', 'Source Han Serif SC', serif";

const CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: ${SERIF}; font-size: 13pt; line-height: 1.65; color: #111; }
  h1 { font-family: ${SANS}; font-size: 20pt; font-weight: bold; text-align: center; margin: 0 0 10pt; line-height: 1.4; }
  .meta { text-align: center; font-size: 11pt; margin: 0; }
  .meta:last-of-type { margin-bottom: 14pt; }
  h2 { font-family: ${SANS}; font-size: 15pt; font-weight: normal; margin: 16pt 0 6pt; text-indent: 2em; break-after: avoid; }
  h3 { font-family: ${SERIF}; font-size: 13pt; font-weight: bold; margin: 8pt 0 4pt; text-indent: 2em; break-after: avoid; }
  p { margin: 4pt 0; text-indent: 2em; text-align: justify; }
  p.note { font-size: 11pt; color: #4a5568; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 6pt 0 10pt;
    font-family: ${SANS}; font-size: 8.5pt; line-height: 1.35; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th { background: #e6ecf3; font-weight: bold; text-align: center; }
  th, td { border: 0.6pt solid #6b7280; padding: 2.5pt 3pt; overflow-wrap: anywhere; vertical-align: middle; }
  td.code { white-space: nowrap; }
  td.left { text-align: left; } td.right { text-align: right; } td.center { text-align: center; }
  figure { margin: 8pt 0 10pt; break-inside: avoid; text-align: center; }
  figure p { text-align: justify; }
  figure svg { width: 100%; height: auto; }
  figcaption { font-family: ${SANS}; font-size: 10.5pt; margin-top: 2pt; }
`;

function table(t: Table): string {
  if (t.rows.length === 0) return `<p>${esc(t.empty)}</p>`;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const cols = t.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`);
  const head = t.columns.map((c) => `<th>${esc(c.header)}</th>`).join('');
  const rows = t.rows.map(
    (r) =>
      `<tr>${t.columns.map((c, i) => `<td class="${c.align}${r[i]?.kind === 'code' ? ' code' : ''}">${esc(r[i]?.text ?? '')}</td>`).join('')}</tr>`,
  );
  return `<table><colgroup>${cols.join('')}</colgroup><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${esc(b.text)}</p>`;
    case 'subheading':
      return `<h3>${esc(b.text)}</h3>`;
    case 'note':
      return `<p class="note">${esc(b.text)}</p>`;
    case 'table':
      return table(b.table);
    case 'chart':
      return (
        `<figure>${b.intro ? `<p>${esc(b.intro)}</p>` : ''}${chartSvg(b.chart)}` +
        `<figcaption>${esc(b.caption)}</figcaption></figure>`
      );
  }
}

export function reportHtml(doc: ReportDocument): string {
  const sections = doc.sections.map(
    (s) => `<section><h2>${esc(s.heading)}</h2>${s.blocks.map(block).join('\n')}</section>`,
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(doc.title)}</h1>
<p class="meta">${esc(doc.periodLine)}</p>
<p class="meta">${esc(doc.issuerLine)}</p>
${sections.join('\n')}
</body></html>`;
}
