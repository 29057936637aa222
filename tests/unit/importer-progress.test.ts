import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../ingest/importer/import-file.js';
import {
  createProgressReporter,
  formatProgressBar,
  formatProgressLine,
} from '../../ingest/importer/progress.js';

const p = (over: Partial<ImportProgress> = {}): ImportProgress => ({
  rows: 12_000,
  events: 13_000,
  accepted: 13_000,
  duplicates: 0,
  rejected: 0,
  rejectedRows: 0,
  importedRows: 12_000,
  duplicateRows: 0,
  bytesRead: 1.2 * 1024 * 1024,
  totalBytes: 2.8 * 1024 * 1024,
  elapsedMs: 1_500,
  done: false,
  ...over,
});

describe('import progress', () => {
  it('formats a log line and a bar that fits the terminal', () => {
    expect(formatProgressLine(p())).toBe('import:  43% 1.2/2.8 MB  12,000 rows  8,000 rows/s');
    expect(formatProgressLine(p({ rejectedRows: 3 }))).toContain('12,000 rows, 3 rejected');
    const bar = formatProgressBar(p(), 80);
    expect(bar).toMatch(/^\[#+\.+\] {2}43% 1\.2\/2\.8 MB {2}12,000 rows {2}8,000 rows\/s$/);
    expect(bar.length).toBeLessThanOrEqual(80);
    expect(formatProgressBar(p({ bytesRead: 0, totalBytes: 0, rows: 0, elapsedMs: 0 }), 80)).toContain(
      '100%',
    );
  });

  it('redraws in place on a terminal and prints a line at most every interval elsewhere', () => {
    let t = 0;
    const lines: string[] = [];
    const plain = createProgressReporter({
      out: { write: (s: string) => lines.push(s) },
      intervalMs: 5_000,
      now: () => t,
    });
    plain.update(p());
    t = 1_000;
    plain.update(p());
    t = 6_000;
    plain.update(p());
    plain.update(p({ done: true }));
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('import: ') && l.endsWith('\n'))).toBe(true);

    const drawn: string[] = [];
    const tty = createProgressReporter({
      out: { write: (s: string) => drawn.push(s), isTTY: true, columns: 60 },
      now: () => t,
    });
    tty.update(p());
    t += 200;
    tty.update(p({ done: true }));
    expect(drawn[0]?.startsWith('\r[')).toBe(true);
    expect(drawn[1]?.endsWith('\n')).toBe(true);
  });
});
