/**
 * 一案一档 against the simulator (issue #16): a simulated month of Guangxi events goes in through the API (queue,
 * worker, ClickHouse and the link index's view, the engine deriving obligations), and for sampled cases
 * - the dossier holds exactly the events that the simulator's events link to the case: the connected component
 *   over shared link-key values, computed here independently (union-find over the emitted events, no ClickHouse);
 * - its obligations (condition checks that passed aside) are exactly the ground-truth entries triggered by those
 *   events;
 * - a city-scoped officer gets only the component's events of that city, the rest counted in `hidden` and never
 *   returned.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dossier } from '../../common/dossier.js';
import type { PoliceEvent } from '../../common/events.js';
import { LINK_KEYS } from '../../common/event-types.js';
import { generateScenario } from '../../ingest/simulator/scenario.js';
import type { GroundTruthEntry } from '../../ingest/simulator/ground-truth.js';
import { computeGroundTruth } from '../../ingest/simulator/truth-oracle.js';
import { adminToken, call, eventCount, makePersonas, postEvents, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const DAY = 86_400_000;
const CITY = '4501';

let sys: TestSystem;
let truth: GroundTruthEntry[];
let events: PoliceEvent[];
let city: Personas;
let admin: string;

/** Connected components of events over shared link-key values: event id → component id. */
function components(evs: readonly PoliceEvent[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const holder = new Map<string, string>();
  for (const e of evs) {
    parent.set(e.event_id, e.event_id);
    for (const k of LINK_KEYS) {
      const v = (e as unknown as Record<string, string | undefined>)[k];
      if (!v) continue;
      const first = holder.get(`${k}=${v}`);
      if (first === undefined) holder.set(`${k}=${v}`, e.event_id);
      else union(e.event_id, first);
    }
  }
  return new Map(evs.map((e) => [e.event_id, find(e.event_id)]));
}

/**
 * The simulator never lets one person appear in two cases; real life does. `n` repeat calls (incident.reported,
 * which no rule reads) each about an incident of one city naming a person detained in a case of another city,
 * so that components of several cases across cities are in the month too.
 */
function repeatCalls(evs: readonly PoliceEvent[], n: number): PoliceEvent[] {
  const detained = evs.filter((e) => e.type === 'measure.detention' && e.person_id && e.case_id);
  const registered = evs.filter((e) => e.type === 'case.registered' && e.incident_id);
  const out: PoliceEvent[] = [];
  for (let i = 0; out.length < n && i < detained.length; i += 7) {
    const person = detained[i]!;
    const other = registered.find(
      (r) =>
        r.unit_code.slice(0, 4) !== person.unit_code.slice(0, 4) &&
        r.occurred_at > person.occurred_at &&
        (out.length % 2 === 1 || r.unit_code.startsWith(CITY)), // half of them into the officer's city
    );
    if (!other) continue;
    out.push({
      event_id: `repeat-call-${out.length}`,
      type: 'incident.reported',
      occurred_at: other.occurred_at,
      unit_code: other.unit_code,
      incident_id: other.incident_id,
      person_id: person.person_id,
      attrs: { category: 'criminal' },
    } as PoliceEvent);
  }
  return out;
}

beforeAll(async () => {
  const end = Date.now() - 60_000;
  const scenario = generateScenario({ seed: 'dossier-month', start: end - 30 * DAY, end, ratePerHour: 1.5 });
  const links = repeatCalls(scenario.events, 8);
  const sent = [...scenario.events, ...links];
  events = [...new Map(sent.map((e) => [e.event_id, e])).values()];
  truth = computeGroundTruth(events, end);
  sys = await startTestSystem();
  city = await makePersonas(sys, CITY, 'dsim');
  admin = await adminToken(sys);
  await postEvents(sys, sent);
  await until(async () => (await eventCount(sys)) >= events.length, 120_000, 'events stored');
  await sys.engine!.settled();
}, 300_000);
afterAll(async () => {
  await sys?.cleanup();
});

/** Sampled cases: every 40th case, the first of each component size, every case joined by a repeat call. */
function sampleCases(comp: Map<string, string>): { caseId: string; members: Set<string> }[] {
  const members = new Map<string, Set<string>>();
  for (const [id, c] of comp) members.set(c, (members.get(c) ?? new Set()).add(id));
  const byCase = new Map<string, string>();
  for (const e of events)
    if (e.case_id && !byCase.has(e.case_id)) byCase.set(e.case_id, comp.get(e.event_id)!);
  const sizes = new Set<number>();
  const out: { caseId: string; members: Set<string> }[] = [];
  [...byCase].forEach(([caseId, c], i) => {
    const m = members.get(c)!;
    const joined = [...m].some((id) => id.startsWith('repeat-call-'));
    if (i % 40 === 0 || !sizes.has(m.size) || joined) out.push({ caseId, members: m });
    sizes.add(m.size);
  });
  return out;
}

it('a simulated month: each sampled case’s dossier is exactly its linked events and their obligations', async () => {
  const comp = components(events);
  const unitOf = new Map(events.map((e) => [e.event_id, e.unit_code]));
  const samples = sampleCases(comp);
  expect(samples.length).toBeGreaterThan(20);
  let multiCase = 0;
  let crossCity = 0;
  for (const s of samples) {
    const r = await call<Dossier>(
      sys.url,
      'GET',
      `/api/dossier?key=case_id&value=${encodeURIComponent(s.caseId)}`,
      {
        token: admin,
      },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.json.truncated).toBe(false);
    expect(new Set(r.json.events.map((e) => e.event_id))).toEqual(s.members);
    const expected = truth
      .filter((t) => s.members.has(t.trigger_event_id))
      .map((t) => `${t.rule_id} ${t.trigger_event_id}`)
      .sort();
    // The ledger also holds condition checks that passed (status clear); the truth lists violations only.
    const got = r.json.obligations
      .filter((o) => o.status !== 'clear')
      .map((o) => `${o.rule_id} ${o.trigger_event_id}`)
      .sort();
    expect(got, `obligations of ${s.caseId}`).toEqual(expected);
    if (
      new Set(
        events
          .filter((e) => s.members.has(e.event_id))
          .map((e) => e.case_id)
          .filter(Boolean),
      ).size > 1
    )
      multiCase++;
    if (new Set([...s.members].map((id) => unitOf.get(id)!.slice(0, 4))).size > 1) crossCity++;
  }
  console.log(
    `dossier vs simulator: ${events.length} events, ${samples.length} cases checked ` +
      `(${multiCase} components of several cases, ${crossCity} across cities)`,
  );
  expect(multiCase).toBeGreaterThan(0);
  expect(crossCity).toBeGreaterThan(0);
}, 240_000);

it('a city officer sees the component’s events of the city; the others are counted, never returned', async () => {
  const comp = components(events);
  const samples = sampleCases(comp).filter((s) =>
    [...s.members].some((id) => events.find((e) => e.event_id === id)!.unit_code.startsWith(CITY)),
  );
  const unitOf = new Map(events.map((e) => [e.event_id, e.unit_code]));
  const outside = (s: { members: Set<string> }) =>
    [...s.members].filter((id) => !unitOf.get(id)!.startsWith(CITY)).length;
  expect(samples.some((s) => outside(s) > 0)).toBe(true);
  for (const s of samples) {
    const r = await call<Dossier>(
      sys.url,
      'GET',
      `/api/dossier?key=case_id&value=${encodeURIComponent(s.caseId)}`,
      {
        token: city.token.officer,
      },
    );
    expect(r.status, r.text).toBe(200);
    const inCity = events.filter((e) => s.members.has(e.event_id) && e.unit_code.startsWith(CITY));
    expect(new Set(r.json.events.map((e) => e.event_id))).toEqual(new Set(inCity.map((e) => e.event_id)));
    expect(r.json.hidden).toBe(outside(s));
    for (const o of r.json.obligations) expect(o.unit_code.startsWith(CITY)).toBe(true);
  }
}, 240_000);
