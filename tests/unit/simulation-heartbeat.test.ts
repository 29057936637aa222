/**
 * The demo simulation's heartbeats (server/simulation.ts), with stand-ins for ClickHouse and the sink: sent
 * at once, a failed one logged with its error and retried after a short back-off (not a whole period
 * later), none after stop.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import type { EventSink } from '../../common/ingest.js';
import type { Logger } from '../../common/node/logger.js';
import { startSimulation } from '../../server/simulation.js';

function recordingLogger() {
  const errors: { obj: object; msg: string }[] = [];
  const logger = {
    child: () => logger,
    info: () => {},
    warn: () => {},
    error: (obj: object, msg: string) => void errors.push({ obj, msg }),
  };
  return { errors, logger: logger as unknown as Logger };
}

// history already there: no backfill, live only
const clickhouse = {
  query: async () => ({ json: async () => [{ n: '1' }] }),
} as unknown as ClickHouseClient;
const sink: EventSink = {
  accept: async (items) => ({ accepted: items.length, duplicates: 0, rejected: [] }),
};

describe('startSimulation heartbeats', () => {
  it('beats at once, retries a failed beat after a back-off, and stops beating when stopped', async () => {
    const { errors, logger } = recordingLogger();
    const beats: number[] = [];
    const sim = await startSimulation({
      sink,
      clickhouse,
      logger,
      rate: 1,
      backfillDays: 0,
      heartbeat: async () => {
        beats.push(Date.now());
        if (beats.length === 1) throw new Error('redis down');
      },
    });
    const until = Date.now() + 5_000;
    while (beats.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(beats).toHaveLength(2);
    expect(beats[1]! - beats[0]!).toBeGreaterThanOrEqual(900);
    expect(beats[1]! - beats[0]!).toBeLessThan(5_000);
    expect(errors.map((e) => e.msg)).toEqual(['the simulated heartbeat failed; retrying in 1 s']);
    expect((errors[0]!.obj as { err: Error }).err.message).toBe('redis down');
    await sim.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(beats).toHaveLength(2);
  });
});
