import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../common/events.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { diurnalWeight, generateScenario, type Scenario } from '../../ingest/simulator/scenario.js';

const DAY = 86_400_000;
const END = Date.parse('2026-11-26T08:00:00Z');

function run(seed: number | string, days: number, ratePerHour: number, extra: object = {}): Scenario {
  return generateScenario({ seed, start: END - days * DAY, end: END, ratePerHour, ...extra });
}

// One 3-day run at a volume where every event type shows up, shared by the tests below.
const threeDays = run(2, 3, 40, { extensionRate: 0.5 });

/** Bails and surveillances that began before the window (extra-chains.ts) carry older trigger events. */
const STANDING_TYPES: ReadonlySet<string> = new Set(['measure.bail', 'measure.surveillance']);

describe('scenario generator', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = run(7, 1, 20);
    const b = run(7, 1, 20);
    expect(b.events).toEqual(a.events);
    expect(b.truth).toEqual(a.truth);
    const c = run(8, 1, 20);
    expect(c.events.map((e) => e.event_id)).not.toEqual(a.events.map((e) => e.event_id));
    expect(run('seven', 1, 5).events).toEqual(run('seven', 1, 5).events);
  });

  it('extends a window without changing what happened in the shorter one', () => {
    const start = END - DAY;
    const short = generateScenario({ seed: 5, start, end: END, ratePerHour: 20 });
    const long = generateScenario({ seed: 5, start, end: END + DAY, ratePerHour: 20 });
    const longIds = new Set(long.events.map((e) => JSON.stringify(e)));
    expect(short.events.length).toBeGreaterThan(100);
    expect(short.events.filter((e) => !longIds.has(JSON.stringify(e)))).toEqual([]);
  });

  it('emits only valid events, judged with the end of the window as now', () => {
    const invalid: string[] = [];
    for (const e of threeDays.events) {
      const result = validateEvent(e, END);
      if (!result.ok) invalid.push(`${e.event_id}: ${result.errors.join('; ')}`);
    }
    expect(invalid).toEqual([]);
  });

  it('keeps every event within [start, end] (standing measures begin earlier) and in occurred_at order', () => {
    let prev = -Infinity;
    let disorder = 0;
    const early = threeDays.events.filter((e) => Date.parse(e.occurred_at) < END - 3 * DAY);
    expect(early.length).toBeGreaterThan(0);
    expect(early.filter((e) => !STANDING_TYPES.has(e.type))).toEqual([]);
    for (const e of threeDays.events) {
      const ms = Date.parse(e.occurred_at);
      if (ms < prev) disorder++;
      prev = ms;
    }
    expect(disorder).toBe(0);
    expect(prev).toBeLessThanOrEqual(END);
    expect(threeDays.pending.every((p) => p.ms > END)).toBe(true);
  });

  it('produces every event type of CONTRACT §1.1, v2 included, in a 5-day run', () => {
    // Five days: an arrest decision (逮捕 / 不批准逮捕) comes days after the detention and the request.
    const seen = new Set(run(2, 5, 40, { extensionRate: 0.5 }).events.map((e) => e.type));
    expect(EVENT_TYPES.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('reuses an event_id only for identical resent copies', () => {
    const byId = new Map<string, string>();
    let duplicates = 0;
    for (const e of threeDays.events) {
      const json = JSON.stringify(e);
      const prev = byId.get(e.event_id);
      if (prev !== undefined) {
        duplicates++;
        if (json !== prev) expect.fail(`${e.event_id} reused for a different event`);
      }
      byId.set(e.event_id, json);
    }
    expect(duplicates).toBeGreaterThan(0);
    expect(duplicates).toBeLessThan(threeDays.events.length * 0.02);
  });

  it('uses only unit codes of the directory, spread over all 14 cities', () => {
    const codes = new Set(guangxiUnits().map((u) => u.code));
    const cities = new Set<string>();
    expect(threeDays.events.filter((e) => !codes.has(e.unit_code))).toEqual([]);
    for (const e of threeDays.events) cities.add(e.unit_code.slice(0, 4));
    expect(cities.size).toBe(14);
  });

  it('keeps link keys of different chains apart', () => {
    const incidentUnit = new Map<string, string>();
    for (const e of threeDays.events) {
      for (const key of [
        'incident_id',
        'case_id',
        'person_id',
        'stay_id',
        'item_id',
        'session_id',
      ] as const) {
        const v = e[key];
        if (v === undefined) continue;
        const k = `${key}:${v}`;
        const unit = incidentUnit.get(k);
        if (unit !== undefined && unit !== e.unit_code)
          expect.fail(`${k} used by ${unit} and ${e.unit_code}`);
        incidentUnit.set(k, e.unit_code);
      }
    }
  });

  it('carries plausible personal data on some events', () => {
    const withName = threeDays.events.filter((e) => typeof e.attrs?.person_name === 'string');
    const withId = threeDays.events.filter((e) => typeof e.attrs?.id_number === 'string');
    const withPhone = threeDays.events.filter((e) => typeof e.attrs?.phone === 'string');
    expect(withName.length).toBeGreaterThan(100);
    expect(withId.length).toBeGreaterThan(100);
    expect(withPhone.length).toBeGreaterThan(100);
    expect(withId.filter((e) => !/^45\d{15}[\dX]$/.test(String(e.attrs?.id_number)))).toEqual([]);
    expect(withName.filter((e) => !/^[\u4e00-\u9fff]{2,3}$/.test(String(e.attrs?.person_name)))).toEqual([]);
  });

  it('follows the diurnal rhythm: more incidents in the evening than before dawn', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const e of threeDays.events) {
      if (e.type !== 'incident.reported') continue;
      byHour[(new Date(e.occurred_at).getUTCHours() + 8) % 24]!++;
    }
    const night = byHour[3]! + byHour[4]!;
    const evening = byHour[18]! + byHour[19]!;
    expect(evening).toBeGreaterThan(3 * night);
    expect(diurnalWeight(Date.parse('2026-11-26T10:30:00Z'))).toBeGreaterThan(1);
  });

  it('generates nothing for a zero rate and rejects an empty window', () => {
    expect(run(1, 1, 0).events).toEqual([]);
    expect(() => generateScenario({ seed: 1, start: END, end: END })).toThrow(/end must be after start/);
  });
});
