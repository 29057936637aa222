/**
 * What a file source yields: the header (CSV), rows with the physical line they start on, and lines that could
 * not be read as a row (with why). Sources stream; they never hold more than a few chunks of the file.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import type { Row } from './values.js';

export type SourceItem =
  | { kind: 'header'; columns: string[] }
  | { kind: 'row'; line: number; row: Row }
  | { kind: 'bad'; line: number; reason: string; raw: unknown };

export interface FileSource {
  items: AsyncIterable<SourceItem>;
  /** Bytes read from the file so far. */
  bytesRead(): number;
}

/** Longest raw text kept in a rejects entry. */
export const MAX_RAW_CHARS = 4_000;

/**
 * A pass-through stream that remembers where line breaks are (LF, CRLF, or a lone CR), so that a byte offset
 * of the stream can be turned into a 1-based line number. Queries must come in non-decreasing offset order;
 * offsets already passed are forgotten, so memory stays bounded by what is buffered downstream.
 */
export class LineIndex extends Transform {
  private offset = 0;
  private pendingCr = -1;
  private readonly breaks: number[] = [];
  private head = 0;
  private passed = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 0x0a) {
        this.breaks.push(this.offset + i);
        this.pendingCr = -1;
      } else {
        if (this.pendingCr >= 0) this.breaks.push(this.pendingCr);
        this.pendingCr = c === 0x0d ? this.offset + i : -1;
      }
    }
    this.offset += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingCr >= 0) this.breaks.push(this.pendingCr);
    this.pendingCr = -1;
    done();
  }

  /** Bytes that went through so far. */
  get bytes(): number {
    return this.offset;
  }

  /** The line that the byte at `offset` is on. */
  lineAt(offset: number): number {
    while (this.head < this.breaks.length && (this.breaks[this.head] ?? Infinity) < offset) {
      this.head++;
      this.passed++;
    }
    if (this.head > 4096) {
      this.breaks.splice(0, this.head);
      this.head = 0;
    }
    return this.passed + 1;
  }
}

/** Number of line breaks in a text (CRLF counts once). */
export function countBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
