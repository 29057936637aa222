/**
 * The orchestrator's state in Redis, for the live system: entity records, alerts (compare-and-set writes that
 * append to the change stream), wake-ups in a sorted set, and source health. Any number of processes may read
 * it and take manual actions; one engine per installation ingests and wakes.
 */
import type { Redis } from 'ioredis';
import type { EngineState } from '../orchestrator/index.js';
import { AlertStore } from './alert-store.js';
import { RecordStore } from './record-store.js';
import { SourceStore } from './source-store.js';
import { WakeStore } from './wake-store.js';

export class RedisEngineState implements EngineState {
  readonly records: RecordStore;
  readonly alerts: AlertStore;
  readonly wakes: WakeStore;
  readonly sources: SourceStore;

  constructor(redis: Redis) {
    this.records = new RecordStore(redis);
    this.alerts = new AlertStore(redis);
    this.wakes = new WakeStore(redis);
    this.sources = new SourceStore(redis);
  }
}
