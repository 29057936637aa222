/**
 * Entity records (facts per link-key value) in Redis, one compact JSON string per entity. The alert engine
 * is their only writer, so a read-modify-write per batch is safe.
 */
import type { Redis } from 'ioredis';
import type { EntityRecord } from '../engine/index.js';
import { KEYS } from './keys.js';

export class RecordStore {
  constructor(private readonly redis: Redis) {}

  async load(keys: readonly string[], into: Map<string, EntityRecord | undefined>): Promise<void> {
    const missing = keys.filter((k) => !into.has(k));
    for (let i = 0; i < missing.length; i += 1_000) {
      const chunk = missing.slice(i, i + 1_000);
      const values = await this.redis.mget(...chunk.map(KEYS.record));
      chunk.forEach((k, j) => {
        const v = values[j];
        into.set(k, v ? (JSON.parse(v) as EntityRecord) : undefined);
      });
    }
  }

  async save(records: ReadonlyMap<string, EntityRecord>): Promise<void> {
    const entries = [...records.entries()];
    for (let i = 0; i < entries.length; i += 1_000) {
      const pipeline = this.redis.pipeline();
      for (const [k, r] of entries.slice(i, i + 1_000)) pipeline.set(KEYS.record(k), JSON.stringify(r));
      await pipeline.exec();
    }
  }
}
