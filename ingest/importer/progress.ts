/**
 * Import progress for a human: on a terminal, one bar redrawn in place (bytes read of the file, rows, rows/s);
 * elsewhere (CI logs, pipes) a plain line every few seconds. No dependency.
 */
import type { ImportProgress } from './import-file.js';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporterOptions {
  out?: ProgressOutput;
  /** Minimum time between two plain lines when not on a terminal. */
  intervalMs?: number;
  now?: () => number;
}

const MB = 1024 * 1024;
const TTY_REDRAW_MS = 100;

function mb(bytes: number): string {
  return (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function parts(p: ImportProgress): { percent: number; text: string } {
  const percent = p.totalBytes > 0 ? Math.min(100, (p.bytesRead / p.totalBytes) * 100) : 100;
  const rate = p.elapsedMs > 0 ? (p.rows / p.elapsedMs) * 1000 : 0;
  const rejected = p.rejectedRows > 0 ? `, ${count(p.rejectedRows)} rejected` : '';
  const text = `${mb(p.bytesRead)}/${mb(p.totalBytes)} MB  ${count(p.rows)} rows${rejected}  ${count(rate)} rows/s`;
  return { percent, text };
}

/** One line for a log: "import: 42% 1.2/2.8 MB  12,000 rows  8,000 rows/s". */
export function formatProgressLine(p: ImportProgress): string {
  const { percent, text } = parts(p);
  return `import: ${percent.toFixed(0).padStart(3)}% ${text}`;
}

/** A bar that fits `width` columns: "[#######.......]  42% 1.2/2.8 MB  12,000 rows  8,000 rows/s". */
export function formatProgressBar(p: ImportProgress, width: number): string {
  const { percent, text } = parts(p);
  const tail = ` ${percent.toFixed(0).padStart(3)}% ${text}`;
  const barWidth = Math.max(10, Math.min(40, width - tail.length - 3));
  const filled = Math.round((percent / 100) * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`;
}

export interface ProgressReporter {
  update(p: ImportProgress): void;
}

export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const out = options.out ?? process.stderr;
  const now = options.now ?? Date.now;
  const tty = out.isTTY === true;
  const interval = tty ? TTY_REDRAW_MS : (options.intervalMs ?? 5_000);
  let last = -Infinity;
  return {
    update(p) {
      const t = now();
      if (!p.done && t - last < interval) return;
      last = t;
      if (tty) out.write(`\r${formatProgressBar(p, out.columns ?? 80)}\u001b[K${p.done ? '\n' : ''}`);
      else out.write(`${formatProgressLine(p)}\n`);
    },
  };
}
