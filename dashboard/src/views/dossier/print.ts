/** Printing the dossier (pure): the footer every page carries, as CSS page margin boxes. */

/** A CSS string literal of any text (quotes, backslashes and line breaks escaped). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

/** The print footer as page margin boxes: the text at the bottom left of every page, the page count at the right. */
export function printFooterCss(text: string): string {
  const box = 'font-size: 9pt; color: #333;';
  return `@page { size: A4 landscape; margin: 10mm 10mm 14mm; @bottom-left { content: ${cssString(text)}; ${box} } @bottom-right { content: counter(page) " / " counter(pages); ${box} } }`;
}
