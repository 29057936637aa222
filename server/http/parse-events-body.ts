/**
 * Parses the body of `POST /api/events` (CONTRACT.md §3): one JSON object, a JSON array, or NDJSON.
 * Errors say where the body stops being valid (line and column; the byte for text that is not UTF-8). One
 * UTF-8 byte order mark at the start is dropped in both forms; anywhere else U+FEFF is not whitespace.
 * The body stays bytes: it is delimited on its bytes (body-scan.ts) and only each event's text is decoded.
 */
import { ERROR_STATUS } from '../../common/errors.js';
import type { ErrorCode } from '../../common/errors.js';
import { MAX_EVENTS_PER_REQUEST } from '../../common/ingest.js';
import { SLICE_BYTES, nextTurn, scanBody } from './body-scan.js';
import { bodyPosition } from './body-position.js';
import { firstInvalidUtf8 } from './utf8.js';

type BodyErrorCode = Extract<
  ErrorCode,
  'invalid_json' | 'invalid_body' | 'payload_too_large' | 'unsupported_media_type'
>;

export type ParsedBody =
  | { ok: true; items: unknown[] }
  | { ok: false; code: BodyErrorCode; status: (typeof ERROR_STATUS)[BodyErrorCode]; error: string };

function fail(code: BodyErrorCode, error: string): ParsedBody {
  return { ok: false, code, status: ERROR_STATUS[code], error };
}

export const MAX_DEPTH = 32;
/** Parsing yields to the event loop once it has run this long. */
const YIELD_AFTER_MS = 8;

/** What JSON.parse said about the event text at [start, end) of `body`, placed in the whole body. */
async function describeJsonError(
  err: unknown,
  body: Buffer,
  text: string,
  span: [number, number],
): Promise<string> {
  const message = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(message);
  const at = m?.[1] ? span[0] + Buffer.byteLength(text.slice(0, Number(m[1]))) : span[1];
  return `invalid JSON at ${await bodyPosition(body, at, 'chars')}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/**
 * Whether anything (a value inside an object or array) sits deeper than MAX_DEPTH levels; iteratively
 * (never recursion on untrusted input), and visiting only objects and arrays: a value at depth d + 1 is
 * too deep exactly when its container at depth d ≥ MAX_DEPTH has any.
 */
export function tooDeep(root: unknown): boolean {
  if (typeof root !== 'object' || root === null) return false;
  const containers: object[] = [root];
  const depths: number[] = [0];
  while (containers.length > 0) {
    const v = containers.pop() as object;
    const d = depths.pop() as number;
    if (d > MAX_DEPTH) return true;
    if (Array.isArray(v)) {
      // By index: `for…in` over an array makes a string of every index (slow for millions of elements).
      if (d >= MAX_DEPTH && v.length > 0) return true;
      for (const child of v as unknown[])
        if (typeof child === 'object' && child !== null) {
          containers.push(child);
          depths.push(d + 1);
        }
      continue;
    }
    for (const key in v) {
      if (d >= MAX_DEPTH) return true;
      const child = (v as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        containers.push(child);
        depths.push(d + 1);
      }
    }
  }
  return false;
}

/** A UTF-8 byte order mark: one at the very start of a body is dropped, in JSON and NDJSON alike. */
const BOM = [0xef, 0xbb, 0xbf];

function withoutBom(body: Buffer): Buffer {
  return body[0] === BOM[0] && body[1] === BOM[1] && body[2] === BOM[2] ? body.subarray(3) : body;
}

/** The first byte that is not JSON whitespace (nor a newline); -1 when none. Yields between slices. */
async function firstNonBlank(body: Buffer): Promise<number> {
  for (let from = 0; from < body.length; from += SLICE_BYTES) {
    const to = Math.min(body.length, from + SLICE_BYTES);
    for (let i = from; i < to; i++) {
      const c = body[i] as number;
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
    }
    await nextTurn();
  }
  return -1;
}

/** Parses each event's text on its own (checking its depth), yielding to the event loop every few ms. */
async function parseSpans(body: Buffer, spans: readonly number[]): Promise<ParsedBody> {
  const items: unknown[] = [];
  let since = performance.now();
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k] as number;
    const end = spans[k + 1] as number;
    const text = body.toString('utf8', start, end);
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch (err) {
      return fail('invalid_json', await describeJsonError(err, body, text, [start, end]));
    }
    if (tooDeep(item)) return fail('invalid_body', `JSON nested deeper than ${MAX_DEPTH} levels`);
    items.push(item);
    if (performance.now() - since > YIELD_AFTER_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
  return { ok: true, items };
}

export async function parseEventsBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const ndjson = type === 'application/x-ndjson' || type === 'application/ndjson';
  if (!ndjson && type !== 'application/json') {
    return fail(
      'unsupported_media_type',
      'Content-Type must be application/json (one event or an array) or application/x-ndjson',
    );
  }
  const body = withoutBom(raw);
  const bad = firstInvalidUtf8(body);
  if (bad !== -1) {
    const where = `byte ${bad + raw.length - body.length} (${await bodyPosition(body, bad, 'bytes')})`;
    return fail('invalid_body', `the body is not valid UTF-8 at ${where}; send UTF-8 text`);
  }
  const first = await firstNonBlank(body);
  if (first === -1) return fail('invalid_body', 'empty body: send one event, an array, or NDJSON');
  const rootArray = !ndjson && body[first] === 91; // [
  const scan = await scanBody(body, ndjson, rootArray, MAX_DEPTH);
  if (!scan.ok) {
    const where =
      scan.code === 'payload_too_large' ? '' : ` at ${await bodyPosition(body, scan.at, 'chars')}`;
    if (scan.code === 'payload_too_large')
      return fail(scan.code, `at most ${MAX_EVENTS_PER_REQUEST} events per request; split the batch`);
    return fail(
      scan.code,
      scan.code === 'invalid_json' ? `invalid JSON${where}: ${scan.what}` : `${scan.what}${where}`,
    );
  }
  if (scan.spans.length === 0) return fail('invalid_body', 'no events in the body');
  return parseSpans(body, scan.spans);
}
