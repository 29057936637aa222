/**
 * Streams an NDJSON file: one JSON object per line (LF or CRLF, UTF-8 with or without BOM). Blank lines are
 * skipped; a line that is not JSON, or not an object, is a `bad` item with its line number.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FileSource, SourceItem } from './source.js';
import { MAX_RAW_CHARS } from './source.js';

function parseLine(text: string, line: number): SourceItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      kind: 'bad',
      line,
      reason: `not JSON: ${(err as Error).message}`,
      raw: text.slice(0, MAX_RAW_CHARS),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      kind: 'bad',
      line,
      reason: 'must be a JSON object, one per line',
      raw: text.slice(0, MAX_RAW_CHARS),
    };
  }
  return { kind: 'row', line, row: value as Record<string, unknown> };
}

export function openNdjsonSource(file: string): FileSource {
  const input = createReadStream(file, { encoding: 'utf8' });
  async function* items(): AsyncGenerator<SourceItem> {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let line = 0;
    try {
      for await (const raw of lines) {
        line++;
        const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
        if (text !== '') yield parseLine(text, line);
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }
  return { items: items(), bytesRead: () => input.bytesRead };
}
