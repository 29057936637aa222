/**
 * `npm run import -- <file> [--mapping <file>] [--rejects <file>] [--batch-size <n>] [--dry-run]`
 *
 * Imports a CSV (with a mapping) or NDJSON file into the pipeline, shows progress, and prints the summary and
 * where the rejected rows went (a rejects file is written only when there are some; by default under DATA_DIR). Exit codes: 0 done (rejected rows, if any, are in the rejects file),
 * 1 the import failed, 2 wrong usage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EventSink } from '../../common/ingest.js';
import { loadConfig } from '../../common/node/config.js';
import { openSink } from '../pipeline-client.js';
import { ImportError, formatOf, importFile } from './import-file.js';
import type { ImportSummary } from './import-file.js';
import { MappingError, loadMapping } from './mapping.schema.js';
import type { Mapping } from './mapping.schema.js';
import { MemorySink } from './memory-sink.js';
import { createProgressReporter } from './progress.js';

const USAGE = `usage: npm run import -- <file> [--mapping <mapping.json>] [--rejects <rejects.ndjson>] [--batch-size <n>] [--dry-run]

  <file>          .csv (needs --mapping) or .ndjson/.jsonl (one event per line, or rows for --mapping)
  --mapping, -m   how rows become events, e.g. ingest/mappings/sdpd-calls-2023.json
  --rejects, -r   where rejected rows go, if any (default: <DATA_DIR>/rejects/<file>-<time>.ndjson)
  --batch-size    events per request to the pipeline (default 1000, at most 10000)
  --dry-run       map and validate only; send nothing
  --help, -h      this text`;

class UsageError extends Error {}

interface Args {
  file: string;
  mapping?: string;
  rejects: string;
  batchSize: number;
  dryRun: boolean;
}

/** `<DATA_DIR>/rejects/<file>-<time>.ndjson`: with the installation's data, not in the folder it was run from. */
function defaultRejectsPath(file: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.join(
    loadConfig().dataDir,
    'rejects',
    `${path.basename(file, path.extname(file))}-${stamp}.ndjson`,
  );
}

function parse(argv: string[]): Args | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        mapping: { type: 'string', short: 'm' },
        rejects: { type: 'string', short: 'r' },
        'batch-size': { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('name the file to import');
  if (positionals.length > 1)
    throw new UsageError(`import one file at a time (got ${positionals.join(', ')})`);
  const file = path.resolve(positionals[0] ?? '');
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  try {
    if (formatOf(file) === 'csv' && values.mapping === undefined)
      throw new UsageError(`${path.basename(file)} is CSV: add --mapping <mapping.json>`);
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
  const batchText = values['batch-size'] ?? '1000';
  const batchSize = Number(batchText);
  if (!/^\d+$/.test(batchText) || batchSize < 1 || batchSize > 10_000)
    throw new UsageError(`--batch-size must be a whole number from 1 to 10000 (got ${batchText})`);
  return {
    file,
    mapping: values.mapping === undefined ? undefined : path.resolve(values.mapping),
    rejects: values.rejects === undefined ? defaultRejectsPath(file) : path.resolve(values.rejects),
    batchSize,
    dryRun: values['dry-run'] === true,
  };
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function report(s: ImportSummary, dryRun: boolean): string {
  return [
    `${dryRun ? 'Checked (dry run, nothing sent)' : 'Imported'} ${s.file} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  rows    ${n(s.rows)}: ${n(s.importedRows)} ${dryRun ? 'valid' : 'imported'}, ${n(s.duplicateRows)} duplicate, ${n(s.rejectedRows)} rejected`,
    `  events  ${n(s.events)}: ${n(s.accepted)} ${dryRun ? 'valid' : 'accepted'}, ${n(s.duplicates)} duplicate, ${n(s.rejected)} rejected`,
    s.rejectedRows > 0
      ? `  rejects ${s.rejectsPath} (${n(s.rejectedRows)} rows, each with its line number and reasons)`
      : `  rejects none (no file written)`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const mapping: Mapping | undefined =
    args.mapping === undefined ? undefined : await loadMapping(args.mapping);
  let target: { sink: EventSink; close(): Promise<void>; drained?: () => Promise<void>; mode?: string };
  if (args.dryRun) target = { sink: new MemorySink(), close: async () => undefined };
  else target = await openSink('import');
  try {
    const progress = createProgressReporter();
    const summary = await importFile({
      file: args.file,
      mapping,
      sink: target.sink,
      rejectsPath: args.rejects,
      batchSize: args.batchSize,
      onProgress: (p) => progress.update(p),
    });
    console.log(report(summary, args.dryRun));
    if (target.drained) {
      const who = target.mode === 'server' ? 'the running Vigil' : 'this process';
      console.log(`waiting until ${who} has stored every accepted event…`);
      await target.drained();
      console.log('all accepted events are stored.');
    }
    return 0;
  } finally {
    await target.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`import: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (err instanceof MappingError || err instanceof ImportError) {
      console.error(`import: ${err.message}`);
      process.exitCode = 1;
    } else {
      console.error('import failed:', err);
      process.exitCode = 1;
    }
  },
);
