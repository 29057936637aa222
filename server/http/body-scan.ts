/**
 * A structural pass over a `POST /api/events` body before anything is parsed, on its bytes (every JSON
 * structural character is ASCII, and no byte of a multi-byte UTF-8 sequence is): finds where each event's JSON
 * text starts and ends (the elements of a top-level array, or the lines of NDJSON) and refuses, without
 * parsing, what no valid event can be — more than MAX_EVENT_TOKENS JSON values, more than MAX_EVENT_BYTES of
 * text, nesting far too deep — and a body of more than MAX_EVENTS_PER_REQUEST events. Each event is then
 * parsed on its own, so no single JSON.parse call is large and the whole body is never one string. The
 * pass yields to the event loop every SLICE_BYTES bytes; it only delimits, and JSON.parse (per event) still decides what is valid JSON.
 */
import { MAX_EVENTS_PER_REQUEST } from '../../common/ingest.js';

/** Tokens (strings, containers, members) in one event at most: a valid one has fewer than 9,000. */
export const MAX_EVENT_TOKENS = 20_000;
/** JSON text of one event at most (bytes): a valid one, even written all in \u escapes, is under 200 KiB. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** Bytes a body pass reads before it yields to the event loop (scan, blanks, line counting). */
export const SLICE_BYTES = 256 * 1024;

export type ScanError = {
  code: 'invalid_json' | 'invalid_body' | 'payload_too_large';
  at: number;
  what: string;
};
export type Scan = { ok: true; spans: number[] } | ({ ok: false } & ScanError);

const [QUOTE, BACKSLASH, COMMA, NL] = [34, 92, 44, 10];
const [OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT] = [91, 93, 123, 125];

/** Where the string opening at `i` closes (the index of its closing quote); -1 when it does not. */
function stringEnd(text: Buffer, i: number, limit: number): number {
  for (let j = text.indexOf(QUOTE, i + 1); j !== -1 && j < limit; j = text.indexOf(QUOTE, j + 1)) {
    let slashes = 0;
    while (text[j - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return j;
  }
  return -1;
}

class Scanner {
  readonly spans: number[] = [];
  private closers: number[] = [];
  private start = -1;
  private tokens = 0;
  private rootClosed = false;

  constructor(
    private readonly text: Buffer,
    private readonly ndjson: boolean,
    private readonly maxDepth: number,
    /** 1 when the events are the elements of a top-level array, else 0. */
    private readonly level: number,
  ) {}

  /** Scans [from, to); returns where to go on from, or an error. */
  scan(from: number, to: number): number | ScanError {
    const t = this.text;
    let i = from;
    for (; i < to; i++) {
      const c = t[i] as number;
      if (c === 32 || c === 9 || c === 13) continue;
      if (c === NL) {
        if (this.ndjson) this.endEvent(i, true);
        continue;
      }
      if (this.rootClosed) return { code: 'invalid_json', at: i, what: 'unexpected text after the array' };
      const depth = this.closers.length;
      const between = this.level === 1 && (c === COMMA || c === CLOSE_ARRAY); // not part of an event
      if (depth === this.level && this.start === -1 && !between) {
        this.start = i;
        this.tokens = 0;
      }
      if (c === QUOTE) {
        const limit = this.ndjson ? this.lineEnd(i) : t.length;
        const end = stringEnd(t, i, limit);
        this.tokens++;
        i = end === -1 ? limit - 1 : end; // an unclosed string: JSON.parse will say so
      } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        this.closers.push(c + 2);
        this.tokens++;
        if (this.closers.length > this.maxDepth + this.level + 1)
          return { code: 'invalid_body', at: i, what: `JSON nested deeper than ${this.maxDepth} levels` };
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        if (this.closers.pop() !== c)
          return { code: 'invalid_json', at: i, what: `unexpected '${String.fromCharCode(c)}'` };
        if (this.closers.length === 0 && this.level === 1) {
          if (this.start !== -1 || this.spans.length > 0) this.endEvent(i, false); // `[]` has none
          this.rootClosed = true;
        }
      } else if (c === COMMA) {
        if (this.closers.length === this.level && this.level === 1) this.endEvent(i, false);
        else this.tokens++;
      }
      const over = this.overLimit(i);
      if (over) return over;
    }
    return i;
  }

  /** Ends the event being read (if any) at `end`, exclusive. A blank element of an array is kept (an error). */
  endEvent(end: number, newline: boolean): void {
    if (newline) this.closers = [];
    if (this.start === -1 && (newline || this.ndjson)) return;
    this.spans.push(this.start === -1 ? end : this.start, end);
    this.start = -1;
  }

  private overLimit(i: number): ScanError | null {
    if (this.spans.length > 2 * MAX_EVENTS_PER_REQUEST)
      return { code: 'payload_too_large', at: i, what: `more than ${MAX_EVENTS_PER_REQUEST} events` };
    if (this.start === -1) return null;
    const event = `event ${this.spans.length / 2 + 1}`;
    if (this.tokens > MAX_EVENT_TOKENS)
      return {
        code: 'invalid_body',
        at: this.start,
        what: `${event} holds more than ${MAX_EVENT_TOKENS} JSON values`,
      };
    if (i - this.start > MAX_EVENT_BYTES)
      return {
        code: 'invalid_body',
        at: this.start,
        what: `${event} is longer than ${MAX_EVENT_BYTES / 1024} KiB of JSON`,
      };
    return null;
  }

  private lineEnd(i: number): number {
    const nl = this.text.indexOf(NL, i);
    return nl === -1 ? this.text.length : nl;
  }

  /** After the last character: the event still open ends with the text. */
  finish(): ScanError | null {
    if (this.level === 1 && !this.rootClosed)
      return { code: 'invalid_json', at: this.text.length, what: 'unexpected end: the array is not closed' };
    if (this.start !== -1) this.endEvent(this.text.length, false);
    return null;
  }
}

/** Lets the event loop run (timers, other requests) before a long pass goes on. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The [start, end) byte offsets of each event's text (pairs in one flat array). `rootArray`: the body is one
 * JSON array (its elements are the events); otherwise one event, or NDJSON lines.
 */
export async function scanBody(
  text: Buffer,
  ndjson: boolean,
  rootArray: boolean,
  maxDepth: number,
): Promise<Scan> {
  const scanner = new Scanner(text, ndjson, maxDepth, rootArray && !ndjson ? 1 : 0);
  for (let from = 0; from < text.length;) {
    const to = Math.min(text.length, from + SLICE_BYTES);
    const next = scanner.scan(from, to);
    if (typeof next !== 'number') return { ok: false, ...next };
    from = Math.max(next, to);
    if (from < text.length) await nextTurn();
  }
  const end = scanner.finish();
  if (end) return { ok: false, ...end };
  return { ok: true, spans: scanner.spans };
}
