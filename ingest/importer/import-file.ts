/**
 * Imports a CSV or NDJSON file into an EventSink: streams it, maps each row to candidate events, checks them,
 * sends them in batches, and writes every rejected row (with its line and reasons) to an NDJSON rejects file.
 * Memory stays bounded by one batch. Every row ends up imported, duplicate or rejected:
 * `rows = importedRows + duplicateRows + rejectedRows` and `events = accepted + duplicates + rejected`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { validateEvent } from '../../common/events.js';
import type { EventSink } from '../../common/ingest.js';
import { MAX_EVENTS_PER_REQUEST } from '../../common/ingest.js';
import { Batch, emptyTotals } from './batch.js';
import type { Totals } from './batch.js';
import { openCsvSource } from './csv-source.js';
import type { Mapping } from './mapping.schema.js';
import { openNdjsonSource } from './ndjson-source.js';
import { RejectsWriter } from './rejects-writer.js';
import { compileMapping, passThroughMapper } from './row-mapper.js';
import type { CandidateEvent, RowMapper } from './row-mapper.js';
import type { FileSource } from './source.js';

export type FileFormat = 'csv' | 'ndjson';

export interface ImportOptions {
  file: string;
  /** Required for CSV; for NDJSON without a mapping every line is one event. */
  mapping?: Mapping;
  sink: EventSink;
  rejectsPath: string;
  /** Events per `sink.accept` call (at most 10,000). */
  batchSize?: number;
  format?: FileFormat;
  onProgress?: (progress: ImportProgress) => void;
  /** Clock for the "not in the future" check, in epoch ms. */
  now?: () => number;
}

export interface ImportProgress extends Totals {
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
  done: boolean;
}

export interface ImportSummary extends Totals {
  file: string;
  rejectsPath: string;
  durationMs: number;
}

/** A problem with the import as a whole (not with a row): nothing or only part of the file was imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export function formatOf(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  throw new ImportError(`cannot tell the format of ${file} from its extension; use .csv, .ndjson or .jsonl`);
}

function checkHeader(file: string, columns: readonly string[], mapper: RowMapper): void {
  const header = new Set(columns);
  const missing = [...mapper.columns].filter((c) => !header.has(c));
  if (missing.length > 0)
    throw new ImportError(
      `the mapping reads column(s) ${missing.join(', ')} that ${file} does not have; ` +
        `its header is: ${columns.join(', ')}`,
    );
}

/** Validates a row's events locally, so that a row is sent whole or not at all. */
function checkEvents(events: readonly CandidateEvent[], labels: readonly string[], nowMs: number): string[] {
  return events.flatMap((e, i) => {
    const r = validateEvent(e, nowMs);
    return r.ok ? [] : r.errors.map((err) => `${labels[i] ?? ''}${err}`);
  });
}

function labelsOf(events: readonly CandidateEvent[]): string[] {
  return events.map((e, i) => (i === 0 ? '' : `${String(e.type)}: `));
}

export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const { file, sink, mapping } = options;
  const batchSize = options.batchSize ?? 1000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_EVENTS_PER_REQUEST)
    throw new ImportError(`batchSize must be a whole number from 1 to ${MAX_EVENTS_PER_REQUEST}`);
  const format = options.format ?? formatOf(file);
  if (format === 'csv' && mapping === undefined)
    throw new ImportError(`${file} is CSV: give a mapping that says how its columns become events`);
  const mapper = mapping === undefined ? passThroughMapper : compileMapping(mapping);
  const totalBytes = (await stat(file)).size;
  const started = performance.now();
  const source: FileSource = format === 'csv' ? openCsvSource(file) : openNdjsonSource(file);
  const rejects = new RejectsWriter(options.rejectsPath);
  const totals = emptyTotals();
  const batch = new Batch(batchSize);
  const progress = (done: boolean): void =>
    options.onProgress?.({
      ...totals,
      bytesRead: done ? totalBytes : source.bytesRead(),
      totalBytes,
      elapsedMs: performance.now() - started,
      done,
    });
  const flush = async (): Promise<void> => {
    await rejects.write(await batch.send(sink, totals));
    progress(false);
  };
  try {
    await rejects.ready().catch((err: Error) => {
      throw new ImportError(`cannot write the rejects file ${options.rejectsPath}: ${err.message}`);
    });
    for await (const item of source.items) {
      if (item.kind === 'header') {
        checkHeader(file, item.columns, mapper);
        continue;
      }
      if (item.kind === 'bad') {
        if (batch.wouldOverflow(0)) await flush();
        batch.addRejected(item.line, item.raw, [item.reason], 0);
        continue;
      }
      const mapped = mapper.map(item.row);
      if (!mapped.ok) {
        if (batch.wouldOverflow(0)) await flush();
        totals.events += mapped.attempted;
        batch.addRejected(item.line, item.row, mapped.errors, mapped.attempted);
        continue;
      }
      const { events } = mapped;
      const labels = labelsOf(events);
      totals.events += events.length;
      const errors = checkEvents(events, labels, now());
      if (batch.wouldOverflow(errors.length > 0 ? 0 : events.length - 1)) await flush();
      if (errors.length > 0) batch.addRejected(item.line, item.row, errors, events.length);
      else batch.addEvents(item.line, item.row, events, labels);
    }
    if (batch.size > 0) await flush();
  } finally {
    await rejects.close();
  }
  progress(true);
  return {
    file,
    rejectsPath: options.rejectsPath,
    ...totals,
    durationMs: Math.round(performance.now() - started),
  };
}
