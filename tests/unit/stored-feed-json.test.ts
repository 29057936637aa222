/**
 * The worker serialises each event once and reuses the text: for its row line and for the stored-events
 * feed. The texts must be exactly what serialising the objects gives.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../common/event-types.js';
import { validateEvent } from '../../common/events.js';
import type { PoliceEvent, StoredEvent } from '../../common/events.js';
import {
  rowLine,
  rowLineFromJson,
  rowLinePrefix,
  storedJsonFromJson,
} from '../../ingest/store/event-lines.js';
import { publishStoredJson } from '../../ingest/stored-feed.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');
const events: PoliceEvent[] = EVENT_TYPES.map((type) => {
  const r = validateEvent({ event_id: `j-${type}`, type, ...VALID_EVENTS[type] }, NOW);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.event;
});
const ingestedAt = '2026-11-26T00:59:59.123Z';

describe('event JSON reused', () => {
  it('row lines and stored-event JSON equal what serialising the objects gives', () => {
    const prefix = rowLinePrefix(ingestedAt, 'b"1');
    for (const e of events) {
      const json = JSON.stringify(e);
      expect(rowLineFromJson(prefix, json)).toBe(rowLine(prefix, e));
      expect(JSON.parse(rowLine(prefix, e))).toEqual({ ...e, ingested_at: ingestedAt, batch_id: 'b"1' });
      expect(storedJsonFromJson(json, ingestedAt)).toBe(JSON.stringify({ ...e, ingested_at: ingestedAt }));
    }
  });

  it('the feed entries are what JSON.stringify writes for the stored events, 500 to an entry', async () => {
    const stored: StoredEvent[] = [];
    const json: string[] = [];
    const prefix = rowLinePrefix(ingestedAt, 'b');
    for (let i = 0; i < 1_200; i++) {
      const e = { ...(events[i % events.length] as PoliceEvent), event_id: `e-${i}` };
      stored.push({ ...e, ingested_at: ingestedAt });
      // the worker's way: the row line and the feed text from one serialisation
      const text = JSON.stringify(e);
      expect(rowLineFromJson(prefix, text)).toBe(rowLine(prefix, e));
      json.push(storedJsonFromJson(text, ingestedAt));
    }
    const written: string[] = [];
    const redis = {
      xadd: async (...args: (string | number)[]) => void written.push(String(args.at(-1))),
    } as unknown as Redis;
    await publishStoredJson(redis, json);
    expect(written).toEqual([
      JSON.stringify(stored.slice(0, 500)),
      JSON.stringify(stored.slice(500, 1_000)),
      JSON.stringify(stored.slice(1_000)),
    ]);
  });
});
