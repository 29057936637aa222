/**
 * Parses the body of `POST /api/events` (CONTRACT.md §3): one JSON object, a JSON array, or NDJSON.
 * Errors say where the body stops being valid (line and column).
 */
import { ERROR_STATUS } from '../../common/errors.js';
import type { ErrorCode } from '../../common/errors.js';
import { MAX_EVENTS_PER_REQUEST } from '../../common/ingest.js';

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

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function describeJsonError(err: unknown, text: string, lineOffset = 0): string {
  const message = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(message);
  if (m?.[1]) {
    const where = position(text, Number(m[1]));
    const adjusted = lineOffset
      ? where.replace(/line (\d+)/, (_, l: string) => `line ${Number(l) + lineOffset}`)
      : where;
    return `invalid JSON at ${adjusted}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
  }
  if (err instanceof RangeError) return 'invalid JSON: nested too deeply';
  return `invalid JSON${lineOffset ? ` on line ${lineOffset + 1}` : ''}: ${message}`;
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

export function parseEventsBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const ndjson = type === 'application/x-ndjson' || type === 'application/ndjson';
  if (!ndjson && type !== 'application/json') {
    return fail(
      'unsupported_media_type',
      'Content-Type must be application/json (one event or an array) or application/x-ndjson',
    );
  }
  const text = body.toString('utf8');
  if (text.trim() === '') return fail('invalid_body', 'empty body: send one event, an array, or NDJSON');
  let items: unknown[];
  if (ndjson) {
    items = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]?.trim() ?? '';
      if (line === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch (err) {
        return fail('invalid_json', describeJsonError(err, line, i));
      }
      if (items.length > MAX_EVENTS_PER_REQUEST) break;
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return fail('invalid_json', describeJsonError(err, text));
    }
    items = Array.isArray(parsed) ? parsed : [parsed];
  }
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    return fail('payload_too_large', `at most ${MAX_EVENTS_PER_REQUEST} events per request; split the batch`);
  }
  if (items.length === 0) return fail('invalid_body', 'no events in the body');
  if (items.some(tooDeep)) return fail('invalid_body', `JSON nested deeper than ${MAX_DEPTH} levels`);
  return { ok: true, items };
}
