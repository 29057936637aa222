/**
 * Messages between the main thread and the ingest worker thread (see worker-thread.ts). Imports nothing
 * that loads ClickHouse: the thread must never load the embedded engine.
 */
import type { RedisOptions } from 'ioredis';

/** What the thread is started with (structured-cloned). */
export interface ThreadConfig {
  redis: RedisOptions;
  prefix: string;
  concurrency: number;
  batchRows: number;
  lingerMs: number;
  /** Whether the ids of stored events are sent to the main thread (`onStored`). */
  handOff: boolean;
}

export type ThreadCall =
  { op: 'insert'; body: string } | { op: 'storedIds'; ids: string[] } | { op: 'restoreClaims' };

export interface SerialisedError {
  message: string;
  name?: string;
  code?: unknown;
  clickhouseCode?: unknown;
}

/** Messages from the thread to the main thread. */
export type ToMain =
  | ({ t: 'call'; id: number } & ThreadCall)
  | { t: 'log'; level: 'error' | 'warn'; obj: object; msg: string }
  | { t: 'stored'; ids: string[] }
  | { t: 'ready' }
  | { t: 'closed' };

/** Messages from the main thread to the thread. */
export type ToThread = { t: 'reply'; id: number; value?: unknown; error?: SerialisedError } | { t: 'close' };

export function serialiseError(err: unknown): SerialisedError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as Record<
    string,
    unknown
  >;
  return {
    message: typeof e.message === 'string' ? e.message : String(err),
    ...(typeof e.name === 'string' ? { name: e.name } : {}),
    ...(e.code !== undefined && typeof e.code !== 'object' ? { code: e.code } : {}),
    ...(e.clickhouseCode !== undefined && typeof e.clickhouseCode !== 'object'
      ? { clickhouseCode: e.clickhouseCode }
      : {}),
  };
}

/** An Error with the fields that classify it (isTransientInsertError reads code and message). */
export function deserialiseError(s: SerialisedError): Error {
  const err = new Error(s.message) as Error & { code?: unknown; clickhouseCode?: unknown };
  if (s.name) err.name = s.name;
  if (s.code !== undefined) err.code = s.code;
  if (s.clickhouseCode !== undefined) err.clickhouseCode = s.clickhouseCode;
  return err;
}
