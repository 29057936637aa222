/**
 * `line L, column C` of a byte offset in a request body, for error messages: newlines are counted a slice at
 * a time, yielding to the event loop between slices (a hostile body can hold millions of them), and nothing
 * before the offset's own line is decoded. The column counts characters, or bytes where the text is not UTF-8.
 */
import { SLICE_BYTES, nextTurn } from './body-scan.js';

const NL = 10;

export async function bodyPosition(body: Buffer, offset: number, column: 'chars' | 'bytes'): Promise<string> {
  let line = 1;
  for (let from = 0; from < offset; from += SLICE_BYTES) {
    const to = Math.min(offset, from + SLICE_BYTES);
    for (let nl = body.indexOf(NL, from); nl !== -1 && nl < to; nl = body.indexOf(NL, nl + 1)) line++;
    if (to < offset) await nextTurn();
  }
  const lineStart = offset > 0 ? body.lastIndexOf(NL, offset - 1) + 1 : 0;
  const col = column === 'bytes' ? offset - lineStart : body.toString('utf8', lineStart, offset).length;
  return `line ${line}, column ${col + 1}`;
}
