/**
 * The rejects file: NDJSON, one `{"line": n, "reasons": [...], "raw": ...}` per rejected row, so that the rows can
 * be fixed and re-imported. The file is (re)created empty at the start of an import.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';

export interface RejectEntry {
  line: number;
  reasons: string[];
  raw: unknown;
}

export class RejectsWriter {
  private readonly out: WriteStream;
  private failure: Error | undefined;
  count = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    this.out.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Waits for the file to be open, so that an unwritable path fails before any event is sent. */
  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.out.pending) await Promise.race([once(this.out, 'ready'), once(this.out, 'error')]);
    if (this.failure) throw this.failure;
  }

  async write(entries: readonly RejectEntry[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (entries.length === 0) return;
    this.count += entries.length;
    const text = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
    if (!this.out.write(text)) await Promise.race([once(this.out, 'drain'), once(this.out, 'error')]);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.out.closed || this.out.destroyed) return;
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
