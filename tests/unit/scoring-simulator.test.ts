/**
 * The orchestrator over a memory state scored against the simulator's ground truth (the suite:
 * tests/helpers/simulator-scoring.ts), and the simulated feed's order checked against the runner's.
 */
import { describe, expect, it } from 'vitest';
import type { PoliceEvent } from '../../common/events.js';
import type { AcceptResult, EventSink } from '../../common/ingest.js';
import { simulatedBackfill } from '../../alerts/replay/simulated.js';
import { runBackfill } from '../../ingest/simulator/simulate.js';
import { memoryForm } from '../helpers/engine-forms.js';
import { simulatorScoringSuite } from '../helpers/simulator-scoring.js';

const END = Date.parse('2026-11-26T08:00:00Z');

simulatorScoringSuite(() => memoryForm);

/** Records the event order the runner sends. */
class OrderSink implements EventSink {
  readonly ids: string[] = [];
  accept(items: readonly unknown[]): Promise<AcceptResult> {
    for (const e of items as PoliceEvent[]) this.ids.push(e.event_id);
    return Promise.resolve({ accepted: items.length, duplicates: 0, rejected: [] });
  }
}

describe('the simulated feed', () => {
  it('is the order runBackfill sends in', async () => {
    const seed = 5;
    const sink = new OrderSink();
    const result = await runBackfill({ seed, sink, now: END, days: 3, ratePerHour: 5 });
    const feed = simulatedBackfill({ seed, start: result.start, end: result.end, ratePerHour: 5 });
    expect(feed.sends.map((s) => s.event.event_id)).toEqual(sink.ids);
    expect(feed.scenario.truth).toEqual(result.truth);
    expect(feed.sends.every((s) => s.event.ingested_at === new Date(s.at).toISOString())).toBe(true);
  });
});
