/**
 * The change stream: every change the live system publishes, in one Redis stream, numbered with the
 * server-wide `seq` (entry id `${seq}-0`), so it is in seq order and can be replayed from any seq it still
 * keeps. This module owns the stream's keys. Writers append inside their own compare-and-set Lua script
 * (`APPEND_ENTRY_LUA`), so a change is numbered, stored and published atomically; readers use `range`
 * (resume, the ClickHouse recorder) or `tailChangeStream` (each server process follows it for pushes).
 */
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../../common/node/logger.js';
import { connectRedis } from '../../common/node/redis.js';
import { LoopControl } from '../../common/node/supervised-loop.js';
import type { AlertChange } from '../../common/alerts.js';
import { alertChanges, decodeEntry, entrySeq, supervisionChanges } from './entries.js';
import type { SupervisionChange } from '../../common/supervision.js';
import type { StreamEntry } from './entries.js';

export const STREAM_KEYS = {
  /** Server-wide change counter. */
  seq: 'vigil:seq',
  /** The entries in seq order. */
  stream: 'vigil:alert-changes',
} as const;

/** Entries kept (approximately): resumes from further back reload the list instead. */
export const STREAM_MAX_LEN = 1_000_000;

/**
 * Lua, pasted at the top of a script that writes changes. A JSON that carries seqs comes in ARGV as its pieces
 * around them (`seqPieces`: a count, then the pieces), so that the script joins them with the seq instead of
 * searching the text for a placeholder:
 *   `seq_json(a, seq)` — the JSON whose count is ARGV[a], with `seq` filled in; and the index after it;
 *   `skip_json(a)` — the index after the JSON whose count is ARGV[a];
 *   `append_entry(seq_key, stream_key, max_len, field, a)` — takes the next seq, appends the entry whose JSON
 *   starts at ARGV[a], returns the seq and the index after it.
 */
export const APPEND_ENTRY_LUA = `
local function seq_json(a, seq)
  local k = tonumber(ARGV[a])
  if k == 1 then return ARGV[a + 1], a + 2 end
  local s = tostring(seq)
  if k == 2 then return ARGV[a + 1] .. s .. ARGV[a + 2], a + 3 end
  if k == 3 then return ARGV[a + 1] .. s .. ARGV[a + 2] .. s .. ARGV[a + 3], a + 4 end
  return table.concat({unpack(ARGV, a + 1, a + k)}, s), a + k + 1
end
local function skip_json(a)
  return a + tonumber(ARGV[a]) + 1
end
local function append_entry(seq_key, stream_key, max_len, field, a)
  local seq = redis.call('INCR', seq_key)
  local text, after = seq_json(a, seq)
  redis.call('XADD', stream_key, 'MAXLEN', '~', max_len, tostring(seq) .. '-0', field, text)
  return seq, after
end
`;

const SEQ_PLACEHOLDER = '"__SEQ__"';

/**
 * A value's JSON cut where its `seq`s go (every key named `seq`, at any depth), as script arguments: the
 * number of pieces, then the pieces (see APPEND_ENTRY_LUA's `seq_json`).
 */
export function seqPieces(value: unknown): (string | number)[] {
  const json = JSON.stringify(value, (key, v: unknown) => (key === 'seq' ? '__SEQ__' : v));
  const pieces = json.split(SEQ_PLACEHOLDER);
  return [pieces.length, ...pieces];
}

function decodeAll(raw: [string, string[]][]): StreamEntry[] {
  const out: StreamEntry[] = [];
  for (const [id, fields] of raw) {
    const e = decodeEntry(id, fields);
    if (e) out.push(e);
  }
  return out;
}

/** The changes of a stretch of the stream, by kind, and the last seq it held. */
export interface ChangeSet {
  alerts: AlertChange[];
  orders: SupervisionChange[];
  seq: number;
}

function changeSet(entries: readonly StreamEntry[], since: number): ChangeSet {
  return {
    alerts: alertChanges(entries),
    orders: supervisionChanges(entries),
    seq: entries.at(-1)?.seq ?? since,
  };
}

/** What readers of alert changes need (resume, the alert list's `since_seq`, an alert's history). */
export interface ChangeReader {
  currentSeq(): Promise<number>;
  /** Alert changes with seq > since, in order (up to `limit` entries); null when `since` is no longer kept. */
  alertChangesSince(since: number, limit?: number): Promise<AlertChange[] | null>;
}

export class ChangeStream implements ChangeReader {
  constructor(private readonly redis: Redis) {}

  async currentSeq(): Promise<number> {
    return Number((await this.redis.get(STREAM_KEYS.seq)) ?? 0);
  }

  /** Entries with seq > since, in order (up to `limit`); null when `since` is older than the stream keeps. */
  async range(since: number, limit = 10_000): Promise<StreamEntry[] | null> {
    const first = (await this.redis.xrange(STREAM_KEYS.stream, '-', '+', 'COUNT', '1'))[0];
    if (first && entrySeq(first[0]) > since + 1) return null;
    return this.after(since, limit);
  }

  async alertChangesSince(since: number, limit = 10_000): Promise<AlertChange[] | null> {
    const entries = await this.range(since, limit);
    return entries && alertChanges(entries);
  }

  /** Both kinds of change with seq > since, from one read (resume); null when `since` is no longer kept. */
  async changesSince(since: number, limit = 10_000): Promise<ChangeSet | null> {
    const entries = await this.range(since, limit);
    return entries && changeSet(entries, since);
  }

  /** Supervision changes with seq > since (an order's history beyond its record). */
  async supervisionChangesSince(since: number, limit = 10_000): Promise<SupervisionChange[]> {
    return supervisionChanges(await this.after(since, limit));
  }

  /** Entries with seq > since still kept, in order (up to `limit`), whether or not older ones were trimmed. */
  async after(since: number, limit = 10_000): Promise<StreamEntry[]> {
    const raw = await this.redis.xrange(STREAM_KEYS.stream, `(${since}-0`, '+', 'COUNT', String(limit));
    return decodeAll(raw as [string, string[]][]);
  }
}

export interface StreamTail {
  /** The last seq delivered. */
  position(): number;
  stop(): Promise<void>;
}

/**
 * Follows the stream from its current end (or from `from`: a reader's own durable cursor) on a connection of
 * its own and hands on each batch in seq order. No pub/sub message that a reconnect could lose: after a Redis
 * hiccup the tail continues from the last seq. A batch whose delivery fails (a rejected promise) is read
 * again.
 */
export async function tailChangeStream(
  options: RedisOptions,
  logger: Logger,
  deliver: (entries: StreamEntry[]) => void | Promise<void>,
  from?: number,
): Promise<StreamTail> {
  const redis = connectRedis({ ...options, maxRetriesPerRequest: null }, logger, 'change tail');
  let last = from ?? (await new ChangeStream(redis).currentSeq());
  const read = async (): Promise<void> => {
    const reply = (await redis.call(
      'XREAD',
      'COUNT',
      1000,
      'BLOCK',
      1000,
      'STREAMS',
      STREAM_KEYS.stream,
      `${last}-0`,
    )) as unknown[] | null;
    // One stream: [[key, entries]] — or [key, entries] where the server answers in RESP3 map form.
    const one = (reply && Array.isArray(reply[0]) ? reply[0] : reply) as
      [string, [string, string[]][]] | null;
    const raw = one?.[1] ?? [];
    if (raw.length === 0) return;
    const entries = decodeAll(raw);
    if (entries.length > 0) await deliver(entries);
    last = entrySeq(raw[raw.length - 1]![0]);
  };
  const control = new LoopControl();
  const log = { error: (obj: object, msg: string) => logger.warn(obj, msg) };
  const loop = control.loop({ what: 'following the change stream', log, backoffMs: 500 }, async () => {
    await read();
    return 'again';
  });
  return {
    position: () => last,
    async stop() {
      control.stop();
      await loop; // a blocking read returns within a second
      redis.disconnect();
    },
  };
}

/** The alert changes (and supervision changes) of the stream from its current end, for the realtime server. */
export function tailAlertChanges(
  options: RedisOptions,
  logger: Logger,
  deliver: (changes: AlertChange[], orders: SupervisionChange[]) => void,
): Promise<StreamTail> {
  return tailChangeStream(options, logger, (entries) => {
    const changes = alertChanges(entries);
    const orders = supervisionChanges(entries);
    if (changes.length > 0 || orders.length > 0) deliver(changes, orders);
  });
}
