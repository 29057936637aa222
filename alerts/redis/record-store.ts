/**
 * Entity records (facts per link-key value) in Redis, one compact JSON string per entity. The alert engine
 * is their only writer, so a read-modify-write per batch is safe.
 */
import type { Redis } from 'ioredis';
import type { EntityRecord } from '../engine/index.js';
import type { RecordBook } from '../orchestrator/index.js';
import { KEYS } from './keys.js';
import { decodeRecord, encodeRecord } from './record-codec.js';

export class RecordStore implements RecordBook {
  constructor(private readonly redis: Redis) {}

  async load(keys: readonly string[], into: Map<string, EntityRecord | undefined>): Promise<void> {
    const missing = keys.filter((k) => !into.has(k));
    for (let i = 0; i < missing.length; i += 1_000) {
      const chunk = missing.slice(i, i + 1_000);
      const values = await this.redis.mget(...chunk.map(KEYS.record));
      chunk.forEach((k, j) => {
        const v = values[j];
        into.set(k, v ? decodeRecord(v) : undefined);
      });
    }
  }

  async save(records: ReadonlyMap<string, EntityRecord>): Promise<void> {
    const entries = [...records.entries()];
    for (let i = 0; i < entries.length; i += 2_000) {
      const args: string[] = [];
      for (const [k, r] of entries.slice(i, i + 2_000)) args.push(KEYS.record(k), encodeRecord(r));
      await this.redis.mset(...args);
    }
  }
}
