/**
 * Streams a CSV file: UTF-8 with or without BOM, quoted fields (with embedded delimiters, quotes and line
 * breaks), LF or CRLF. The first record is the header. Every row carries the physical line it starts on; a row
 * with the wrong number of fields, or text that cannot be parsed, is a `bad` item with its line, not a crash.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { CsvError, InfoRecord } from 'csv-parse';
import type { FileSource, SourceItem } from './source.js';
import { LineIndex, MAX_RAW_CHARS, countBreaks } from './source.js';

const MAX_RECORD_CHARS = 1024 * 1024;

/** What the parse-order callbacks learned about each record, consumed in the same order. */
type RecordMeta = { line: number; skipped: SourceItem[] };

function innerBreaks(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) if (f.includes('\n') || f.includes('\r')) n += countBreaks(f);
  return n;
}

function skipReason(err: CsvError | undefined, lastLine: number): string {
  switch (err?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted field opened here is never closed; the rest of the file (to line ${lastLine}) could not be read`;
    case 'CSV_MAX_RECORD_SIZE':
      return `a record longer than ${MAX_RECORD_CHARS} characters (a stray quote?); reading stopped here`;
    default:
      return `cannot parse: ${err?.message ?? 'unknown CSV error'}`;
  }
}

/** Zips a record with the header; empty and repeated header names are left out (the first one wins). */
function toRow(header: readonly string[], fields: readonly string[]): Record<string, string> {
  const seen = new Set<string>();
  const entries: [string, string][] = [];
  header.forEach((name, i) => {
    if (name === '' || seen.has(name)) return;
    seen.add(name);
    entries.push([name, fields[i] ?? '']);
  });
  return Object.fromEntries(entries);
}

export function openCsvSource(file: string): FileSource {
  const index = new LineIndex();
  const skipped: SourceItem[] = [];
  const metas: RecordMeta[] = [];
  let lastEnd = 0;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (record: string[], ctx: InfoRecord): string[] => {
      // Called in parse order: the line index has seen every byte up to this record's end.
      const endLine = index.lineAt(Math.max(lastEnd, ctx.bytes - 1));
      lastEnd = ctx.bytes;
      metas.push({ line: endLine - innerBreaks(record), skipped: skipped.splice(0) });
      return record;
    },
    on_skip: (err: CsvError | undefined, raw: string | undefined): undefined => {
      const at = typeof err?.bytes === 'number' ? Math.max(err.bytes, lastEnd) : lastEnd;
      const line = index.lineAt(at);
      const reason = skipReason(err, index.lineAt(index.bytes));
      skipped.push({ kind: 'bad', line, reason, raw: raw?.slice(0, MAX_RAW_CHARS) ?? null });
      return undefined;
    },
  });
  const piping = pipeline(createReadStream(file), index, parser);
  // The pipeline's failure (an unreadable file) surfaces through the iterator below.
  piping.catch(() => undefined);

  async function* items(): AsyncGenerator<SourceItem> {
    let header: string[] | undefined;
    for await (const fields of parser as AsyncIterable<string[]>) {
      const { line, skipped: before } = metas.shift() ?? { line: 0, skipped: [] };
      yield* before;
      if (header === undefined) {
        header = fields.map((h) => h.trim());
        yield { kind: 'header', columns: header };
        continue;
      }
      if (fields.length !== header.length) {
        yield {
          kind: 'bad',
          line,
          reason: `has ${fields.length} fields, but the header has ${header.length}`,
          raw: fields.map((f) => f.slice(0, MAX_RAW_CHARS)),
        };
        continue;
      }
      yield { kind: 'row', line, row: toRow(header, fields) };
    }
    await piping;
    yield* skipped.splice(0);
  }

  return { items: items(), bytesRead: () => index.bytes };
}
