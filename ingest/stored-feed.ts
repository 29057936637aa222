/**
 * The hand-off from ingest to the alert engine: a Redis stream of stored events. The ingest worker appends
 * each batch it stored before completing its job; the alert engine reads it through a consumer group and
 * acknowledges an entry only after processing it, so a crash on either side re-delivers (at least once;
 * the engine is idempotent by event_id).
 */
import type { Redis } from 'ioredis';
import type { StoredEvent } from '../common/events.js';

export const STORED_STREAM = 'vigil:stored';
const GROUP = 'alerts';
/**
 * A backstop for a feed nobody reads (no alert engine running): entries the engine has finished with are
 * trimmed by the reader (StoredFeedReader.trim), this caps the rest.
 */
const MAX_LEN = 200_000;
/** How often the reader trims what it has finished with. */
const TRIM_EVERY_MS = 1_000;
/** Events per stream entry. */
const ENTRY_EVENTS = 500;

/**
 * Appends stored events, given as their JSON texts (each exactly `JSON.stringify(event)` of the stored
 * event), in entries of up to 500: all sent at once on one connection (which keeps their order) and
 * waited for together, one round trip. The texts are joined, never parsed again.
 */
export async function publishStoredJson(redis: Redis, json: readonly string[]): Promise<void> {
  const appends: Promise<unknown>[] = [];
  for (let i = 0; i < json.length; i += ENTRY_EVENTS) {
    const entry = `[${json.slice(i, i + ENTRY_EVENTS).join(',')}]`;
    appends.push(redis.xadd(STORED_STREAM, 'MAXLEN', '~', MAX_LEN, '*', 'e', entry));
  }
  await Promise.all(appends);
}

export interface StoredEntry {
  id: string;
  events: StoredEvent[];
}

type Entry = [string, string[]];

/** XREADGROUP's reply for one stream: `[[name, entries]]` (RESP2) or `[name, entries]` (ioredis 6). */
function streamEntries(reply: unknown[] | null): Entry[] {
  if (!reply || reply.length === 0) return [];
  const one = Array.isArray(reply[0]) ? (reply[0] as unknown[]) : reply;
  return (Array.isArray(one[1]) ? one[1] : []) as Entry[];
}

export class StoredFeedReader {
  private ready = false;
  private pendingFirst = true;
  private lastTrim = 0;

  constructor(
    private readonly redis: Redis,
    private readonly consumer: string,
  ) {}

  private async ensureGroup(): Promise<void> {
    if (this.ready) return;
    try {
      await this.redis.xgroup('CREATE', STORED_STREAM, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
    this.ready = true;
  }

  /**
   * The next entries: first those delivered to this consumer before a restart and never acknowledged,
   * then new ones (blocking up to `blockMs`).
   */
  async read(count: number, blockMs: number): Promise<StoredEntry[]> {
    await this.ensureGroup();
    const id = this.pendingFirst ? '0' : '>';
    const args: (string | number)[] = ['GROUP', GROUP, this.consumer, 'COUNT', count];
    if (!this.pendingFirst) args.push('BLOCK', blockMs);
    const reply = (await this.redis.call('XREADGROUP', ...args, 'STREAMS', STORED_STREAM, id)) as
      unknown[] | null;
    const entries = streamEntries(reply);
    if (this.pendingFirst && entries.length === 0) this.pendingFirst = false;
    return entries.map(([entryId, fields]) => ({
      id: entryId,
      events: JSON.parse(fields[fields.indexOf('e') + 1] ?? '[]') as StoredEvent[],
    }));
  }

  /** After Redis lost the stream or its group (flushed, failed over), create them again on the next call. */
  private forgetGroupOn(err: unknown): void {
    const m = String((err as Error).message);
    if (m.includes('NOGROUP') || m.includes('no such key')) {
      this.ready = false;
      this.pendingFirst = true;
    }
  }

  /** Acknowledges processed entries (and, at most once a second, trims what the group is done with). */
  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.xack(STORED_STREAM, GROUP, ...ids);
    if (Date.now() - this.lastTrim >= TRIM_EVERY_MS) {
      this.lastTrim = Date.now();
      await this.trim();
    }
  }

  /**
   * Deletes the entries the group is done with: an acknowledged entry stays in a stream until it is
   * trimmed, and the stream's MAXLEN alone would keep up to 200,000 entries of up to 500 events each.
   * Done means older than the first entry still pending, or, when none is, than the last one delivered.
   * (The feed has one consumer group; a second group would need its own position here.) Returns how
   * many entries were deleted.
   */
  async trim(): Promise<number> {
    const info = await this.groupInfo();
    if (!info) return 0;
    const [count, firstPending] = (await this.redis.call('XPENDING', STORED_STREAM, GROUP)) as [
      number,
      string | null,
    ];
    const minId = Number(count) > 0 && firstPending ? firstPending : String(info.get('last-delivered-id'));
    return Number(await this.redis.call('XTRIM', STORED_STREAM, 'MINID', minId));
  }

  /** Entries not yet processed (for health and tests). */
  async lag(): Promise<number> {
    const info = await this.groupInfo();
    return info ? Number(info.get('lag') ?? 0) + Number(info.get('pending') ?? 0) : 0;
  }

  private async groupInfo(): Promise<Map<string, unknown> | null> {
    await this.ensureGroup();
    const groups = (await this.redis.call('XINFO', 'GROUPS', STORED_STREAM).catch((err: unknown) => {
      this.forgetGroupOn(err);
      return [];
    })) as unknown[][];
    for (const g of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      if (info.get('name') === GROUP) return info;
    }
    return null;
  }
}
