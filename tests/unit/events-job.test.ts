/**
 * Queued batches carry their events as text (ids + NDJSON). The worker reads back each event's id and
 * text, the dead-letter list its count and first id, and a malformed batch is refused.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../common/event-types.js';
import { validateEvent } from '../../common/events.js';
import type { PoliceEvent } from '../../common/events.js';
import { eventsJobData, jobEvents, jobSummary } from '../../ingest/queue.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');
const events: PoliceEvent[] = EVENT_TYPES.map((type, i) => {
  // odd text on purpose: newlines, quotes, backslashes, line separators, emoji in free-text attributes
  const r = validateEvent(
    {
      event_id: `q-${type}`,
      type,
      ...VALID_EVENTS[type],
      attrs: {
        ...(VALID_EVENTS[type] as { attrs?: object }).attrs,
        note: `line1\nline2 "q" \\ \u2028 ${'😀'.repeat(i % 3)}`,
      },
    },
    NOW,
  );
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.event;
});
const header = { batchId: 'b1', acceptedAt: '2026-11-26T01:00:00.000Z', origin: 'test' };

describe('events job data', () => {
  it('gives back each event’s id and exactly JSON.stringify(event), in order', () => {
    const data = eventsJobData(header, events);
    // as it is after the queue's JSON round trip
    const read = jobEvents(JSON.parse(JSON.stringify(data)));
    expect(read?.ids).toEqual(events.map((e) => e.event_id));
    expect(read?.json).toEqual(events.map((e) => JSON.stringify(e)));
    expect(read?.json.map((t) => JSON.parse(t) as unknown)).toEqual(events);
  });

  it('summarises a batch for the dead-letter list: how many events, the first one’s id', () => {
    const queued = JSON.parse(JSON.stringify(eventsJobData(header, events))) as unknown;
    expect(jobSummary(queued)).toEqual({ events: events.length, firstEventId: events[0]?.event_id });
    expect(jobSummary(eventsJobData(header, []))).toEqual({ events: 0, firstEventId: undefined });
    expect(jobSummary(null)).toEqual({ events: 0, firstEventId: undefined });
  });

  it('an empty batch has no events; a malformed one is refused', () => {
    expect(jobEvents(eventsJobData(header, []))).toEqual({ ids: [], json: [] });
    expect(jobEvents(null)).toBeNull();
    expect(jobEvents({ ...header, batchId: '', ids: [], ndjson: '' })).toBeNull();
    expect(jobEvents({ ...header })).toBeNull();
    // events as objects instead of ids and NDJSON text
    expect(jobEvents({ ...header, events })).toBeNull();
    // ids and lines that do not match
    expect(jobEvents({ ...header, ids: ['a', 'b'], ndjson: '{"event_id":"a"}' })).toBeNull();
  });
});
