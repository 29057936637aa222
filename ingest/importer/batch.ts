/**
 * A batch of rows on their way to the sink, and the bookkeeping that accounts for every row and every event.
 *
 * A row's first event is its main event; the others are derived. Derived events are sent first, then the main
 * events of the rows that are still clean, so that each `accept` call answers per row: a main event that is
 * accepted makes its row "imported", a duplicate one makes it "duplicate", and a row with any rejected event
 * (locally, by the mapping, or by the sink) is "rejected" and lands in the rejects file with its line.
 */
import type { EventSink } from '../../common/ingest.js';
import type { CandidateEvent } from './row-mapper.js';
import type { RejectEntry } from './rejects-writer.js';

export interface Totals {
  rows: number;
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectedRows: number;
  importedRows: number;
  duplicateRows: number;
}

export const emptyTotals = (): Totals => ({
  rows: 0,
  events: 0,
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  rejectedRows: 0,
  importedRows: 0,
  duplicateRows: 0,
});

interface PendingRow {
  line: number;
  raw: unknown;
  reasons: string[];
  main?: CandidateEvent;
  /** Events of this row that were not sent (all of them for a row rejected before sending). */
  unsent: number;
}

interface Sent {
  event: CandidateEvent;
  row: PendingRow;
  label: string;
}

export class Batch {
  private rows: PendingRow[] = [];
  private derived: Sent[] = [];
  private mains = 0;

  constructor(private readonly batchSize: number) {}

  get size(): number {
    return this.rows.length;
  }

  /** Whether a row with `derivedCount` derived events should go into the next batch instead. */
  wouldOverflow(derivedCount: number): boolean {
    if (this.rows.length === 0) return false;
    return (
      this.rows.length >= this.batchSize ||
      this.mains + 1 > this.batchSize ||
      this.derived.length + derivedCount > this.batchSize
    );
  }

  addRejected(line: number, raw: unknown, reasons: string[], events: number): void {
    this.rows.push({ line, raw, reasons, unsent: events });
  }

  /** `labels[i]` prefixes the sink's errors for `events[i]` (e.g. "incident.closed: "). */
  addEvents(line: number, raw: unknown, events: readonly CandidateEvent[], labels: readonly string[]): void {
    const row: PendingRow = { line, raw, reasons: [], main: events[0], unsent: 0 };
    this.rows.push(row);
    if (row.main !== undefined) this.mains++;
    events.slice(1).forEach((event, i) => this.derived.push({ event, row, label: labels[i + 1] ?? '' }));
  }

  /** Sends the batch; adds to `totals`; returns the rejects entries in line order. Leaves the batch empty. */
  async send(sink: EventSink, totals: Totals): Promise<RejectEntry[]> {
    const rows = this.rows;
    const derived = this.derived;
    this.rows = [];
    this.derived = [];
    this.mains = 0;
    for (let i = 0; i < derived.length; i += this.batchSize) {
      await this.call(sink, derived.slice(i, i + this.batchSize), totals);
    }
    const mains: Sent[] = [];
    for (const row of rows) {
      if (row.main === undefined) continue;
      if (row.reasons.length === 0) mains.push({ event: row.main, row, label: '' });
      else row.unsent++;
    }
    if (mains.length > 0) {
      const r = await this.call(sink, mains, totals);
      totals.importedRows += r.accepted;
      totals.duplicateRows += r.duplicates;
    }
    totals.rows += rows.length;
    const rejects: RejectEntry[] = [];
    for (const row of rows) {
      totals.rejected += row.unsent;
      if (row.reasons.length === 0) continue;
      totals.rejectedRows++;
      rejects.push({ line: row.line, reasons: row.reasons, raw: row.raw });
    }
    return rejects;
  }

  private async call(sink: EventSink, items: readonly Sent[], totals: Totals) {
    const result = await sink.accept(items.map((s) => s.event));
    if (result.accepted + result.duplicates + result.rejected.length !== items.length) {
      throw new Error(
        `the sink answered ${result.accepted} accepted + ${result.duplicates} duplicates + ` +
          `${result.rejected.length} rejected for ${items.length} events`,
      );
    }
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    totals.rejected += result.rejected.length;
    for (const r of result.rejected) {
      const sent = items[r.index];
      if (sent === undefined) throw new Error(`the sink rejected item ${r.index} of ${items.length}`);
      sent.row.reasons.push(...r.errors.map((e) => `${sent.label}${e}`));
    }
    return result;
  }
}
