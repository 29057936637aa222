/**
 * The rejects file: NDJSON, one `{"line": n, "reasons": [...], "raw": ...}` per rejected row, so that the rows can
 * be fixed and re-imported. Written only when there are rejects: `ready()` makes the folder, checks it can be
 * written (an unwritable path fails before any event is sent) and removes an old file at the path (it would
 * otherwise pass for this import's rejects); the file is created at the first rejected row.
 */
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import path from 'node:path';

export interface RejectEntry {
  line: number;
  reasons: string[];
  raw: unknown;
}

export class RejectsWriter {
  private out: WriteStream | null = null;
  private failure: Error | undefined;
  count = 0;

  constructor(readonly path: string) {}

  /** The folder exists and is writable, and no file of an earlier import is left at the path. */
  async ready(): Promise<void> {
    const dir = path.dirname(this.path);
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    await rm(this.path, { force: true });
  }

  private async stream(): Promise<WriteStream> {
    if (this.out) return this.out;
    const out = createWriteStream(this.path, { flags: 'w', encoding: 'utf8' });
    out.on('error', (err) => {
      this.failure = err;
    });
    this.out = out;
    if (out.pending) await Promise.race([once(out, 'ready'), once(out, 'error')]);
    return out;
  }

  async write(entries: readonly RejectEntry[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (entries.length === 0) return;
    const out = await this.stream();
    if (this.failure) throw this.failure;
    this.count += entries.length;
    const text = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
    if (!out.write(text)) await Promise.race([once(out, 'drain'), once(out, 'error')]);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    const out = this.out;
    if (!out || out.closed || out.destroyed) return;
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
