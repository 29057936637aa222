/**
 * The ingest worker's batch processor with stand-ins for Redis, ClickHouse and the queue: which events a
 * batch inserts and hands on by its claims, the claims rebuilt once for concurrent batches, and what a
 * failed insert does to the job (an outage puts it back with growing delays, anything else fails it).
 */
import { DelayedError, UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { BatchProcessor, ClaimsGuard, OutageBackoff, ownedEvents } from '../../ingest/batch-processor.js';
import type { BatchJob, BatchProcessorDeps } from '../../ingest/batch-processor.js';
import type { ClaimOutcome } from '../../ingest/dedupe.js';
import { eventsJobData } from '../../ingest/queue.js';
import { rowLineFromJson, rowLinePrefix, storedJsonFromJson } from '../../ingest/store/event-lines.js';
import { batch } from '../helpers/events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');
const AT = new Date(NOW).toISOString();
const events = batch(4, 'bp');
const texts = events.map((e) => JSON.stringify(e));
const ids = events.map((e) => e.event_id);

function job(batchId = 'b1'): BatchJob & { delayedTo: number[] } {
  const delayedTo: number[] = [];
  return {
    data: eventsJobData({ batchId, acceptedAt: AT, origin: 'test' }, events),
    attemptsMade: 0,
    delayedTo,
    moveToDelayed: async (ts) => void delayedTo.push(ts),
  };
}

function fixture(outcomes: ClaimOutcome[], stored: string[] = [], insertErr?: () => Error) {
  const inserted: string[][] = [];
  const published: string[][] = [];
  const handedOn: string[][] = [];
  const logs: { level: string; msg: string }[] = [];
  const deps: BatchProcessorDeps = {
    claims: { claim: async () => outcomes },
    guard: new ClaimsGuard(
      async () => true,
      async () => {},
    ),
    store: { storedIds: async (asked) => new Set(asked.filter((id) => stored.includes(id))) },
    insert: async (lines) => {
      if (insertErr) throw insertErr();
      inserted.push(lines);
    },
    publish: async (json) => void published.push(json),
    onStored: (got) => void handedOn.push(got),
    log: {
      error: (_o, msg) => void logs.push({ level: 'error', msg }),
      warn: (_o, msg) => void logs.push({ level: 'warn', msg }),
    },
    now: () => NOW,
    backoff: new OutageBackoff(500, 30_000),
  };
  return { processor: new BatchProcessor(deps), inserted, published, handedOn, logs };
}

describe('ownedEvents', () => {
  it('inserts the owned events not stored yet and hands on every owned one, from the job text', () => {
    const owned = ownedEvents(
      { batchId: 'b1', ids, json: texts },
      ['new', 'taken', 'mine', 'mine'],
      new Set([ids[2] as string]),
      AT,
    );
    const prefix = rowLinePrefix(AT, 'b1');
    expect(owned.lines).toEqual([rowLineFromJson(prefix, texts[0]!), rowLineFromJson(prefix, texts[3]!)]);
    expect(owned.ids).toEqual([ids[0], ids[2], ids[3]]);
    expect(owned.json).toEqual([0, 2, 3].map((i) => storedJsonFromJson(texts[i]!, AT)));
    expect(JSON.parse(owned.json[0]!)).toEqual({ ...events[0], ingested_at: AT });
  });
});

describe('BatchProcessor', () => {
  it('stores and hands on what the batch owns, and counts the duplicates', async () => {
    const f = fixture(['new', 'taken', 'mine', 'new'], [ids[2] as string]);
    expect(await f.processor.process(job())).toEqual({ inserted: 2, duplicates: 1 });
    expect(f.inserted).toHaveLength(1);
    expect(f.inserted[0]).toHaveLength(2);
    expect(f.published).toEqual([[0, 2, 3].map((i) => storedJsonFromJson(texts[i]!, AT))]);
    expect(f.handedOn).toEqual([[ids[0], ids[2], ids[3]]]);
  });

  it('a batch whose events are all taken inserts nothing and hands nothing on', async () => {
    const f = fixture(['taken', 'taken', 'taken', 'taken']);
    expect(await f.processor.process(job())).toEqual({ inserted: 0, duplicates: 4 });
    expect(f.published).toEqual([]);
    expect(f.handedOn).toEqual([]);
  });

  it('refuses a malformed job for good', async () => {
    const f = fixture([]);
    const bad = { ...job(), data: { ...job().data, ids: ['only-one'] } };
    await expect(f.processor.process(bad)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('an outage puts the job back with doubling delays, without handing anything on', async () => {
    const f = fixture(['new', 'new', 'new', 'new'], [], () => new Error('connect ECONNREFUSED'));
    const j = job();
    await expect(f.processor.process(j)).rejects.toBeInstanceOf(DelayedError);
    await expect(f.processor.process(j)).rejects.toBeInstanceOf(DelayedError);
    expect(j.delayedTo).toEqual([NOW + 1_000, NOW + 2_000]);
    expect(f.published).toEqual([]);
    expect(f.logs.map((l) => l.level)).toEqual(['warn', 'warn']);
  });

  it('a data error fails the attempt (the queue retries, then dead-letters)', async () => {
    const refused = () => Object.assign(new Error('Code: 469. Constraint violated'), { code: '469' });
    const f = fixture(['new', 'new', 'new', 'new'], [], refused);
    const j = job();
    await expect(f.processor.process(j)).rejects.toThrow(/Constraint/);
    expect(j.delayedTo).toEqual([]);
    expect(f.logs).toEqual([{ level: 'error', msg: 'insert failed' }]);
  });
});

describe('OutageBackoff', () => {
  it('doubles per failure in a row up to its cap, and starts over after a success', () => {
    const b = new OutageBackoff(500, 4_000);
    expect([b.failed(), b.failed(), b.failed(), b.failed()]).toEqual([1_000, 2_000, 4_000, 4_000]);
    b.succeeded();
    expect(b.failed()).toBe(1_000);
  });
});

describe('ClaimsGuard', () => {
  it('rebuilds lost claims once for all batches waiting at the time, and not while they are there', async () => {
    let ready = false;
    let restores = 0;
    let finish: () => void = () => {};
    const guard = new ClaimsGuard(
      async () => ready,
      () => {
        restores++;
        return new Promise<void>((r) => (finish = r));
      },
    );
    const waiting = [guard.ensure(), guard.ensure(), guard.ensure()];
    await new Promise((r) => setTimeout(r, 0));
    expect(restores).toBe(1);
    ready = true;
    finish();
    await Promise.all(waiting);
    await guard.ensure();
    expect(restores).toBe(1);
    ready = false;
    const again = guard.ensure();
    await new Promise((r) => setTimeout(r, 0));
    finish();
    await again;
    expect(restores).toBe(2);
  });
});
