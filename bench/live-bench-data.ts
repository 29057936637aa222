/**
 * History for `npm run bench -- live`: events, alert lifecycle rows and obligations written straight into
 * ClickHouse through the stores' own row builders (insertEventRows + toRow, alertEventRow, recordObligations),
 * in 50k-row batches, spread over `days` days up to `now` across Guangxi's police stations. Deterministic.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert, AlertChange } from '../common/alerts.js';
import type { PoliceEvent } from '../common/events.js';
import type { Rule } from '../common/rules.js';
import { queryRows } from '../common/node/clickhouse.js';
import type { AlertBook } from '../alerts/orchestrator/index.js';
import { alertEventRow } from '../alerts/store/alert-recorder.js';
import { recordObligations, refreshLedgerSnapshot } from '../alerts/store/obligation-ledger.js';
import type { Obligation } from '../alerts/engine/index.js';
import { insertEventRows, toRow } from '../ingest/store/event-store.js';
import { guangxiUnits } from '../ingest/simulator/guangxi-units.js';

const BATCH = 50_000;
const HOUR = 3_600_000;

export interface HistorySpec {
  events: number;
  alerts: number;
  obligations: number;
  days: number;
  now: number;
  rules: readonly Rule[];
  progress?: (what: string, done: number, total: number) => void;
}

export interface HistoryMade {
  events: number;
  alertEvents: number;
  alerts: number;
  activeAlerts: number;
  obligations: number;
  stations: number;
  seconds: { events: number; alerts: number; obligations: number };
}

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Event i of n, in time order over [start, start + span). */
function eventAt(i: number, start: number, step: number, station: string, r: number): PoliceEvent {
  const base = {
    event_id: `bench-${i}`,
    occurred_at: iso(start + i * step),
    unit_code: station,
    source: '110',
  };
  const k = i % 10;
  if (k < 3)
    return {
      ...base,
      type: 'incident.reported',
      incident_id: `BI${i}`,
      attrs: { category: r < 0.3 ? 'criminal' : 'public_order', phone: '13800000000' },
    };
  if (k < 5)
    return { ...base, type: 'incident.closed', incident_id: `BI${i - 2}`, attrs: { nature: 'public_order' } };
  if (k < 7)
    return {
      ...base,
      type: 'case.registered',
      case_id: `BC${i}`,
      incident_id: `BI${i - 4}`,
      attrs: { case_kind: 'administrative' },
    };
  if (k < 8)
    return {
      ...base,
      type: 'area.entered',
      person_id: `BP${i}`,
      stay_id: `BS${i}`,
      attrs: { basis: 'admin_questioning', person_name: '李四' },
    };
  if (k < 9) return { ...base, type: 'area.left', stay_id: `BS${i - 1}` };
  return {
    ...base,
    type: 'property.seized',
    item_id: `BT${i}`,
    case_id: `BC${i - 3}`,
    attrs: { custody: 'police' },
  };
}

/** What every part of the history draws on: one seeded random sequence, the stations and the time grid. */
interface HistoryGrid {
  rnd: () => number;
  stations: string[];
  /** A random station (draws from `rnd`). */
  station: () => string;
  /** The history's first event time, ms. */
  start: number;
  /** Time between two events, ms. */
  step: number;
}

function historyGrid(spec: HistorySpec): HistoryGrid {
  const rnd = prng(90_210);
  const stations = guangxiUnits()
    .filter((u) => u.level === 'station')
    .map((u) => u.code);
  const station = (): string => stations[Math.floor(rnd() * stations.length)]!;
  const start = spec.now - spec.days * 24 * HOUR;
  return { rnd, stations, station, start, step: (spec.days * 24 * HOUR) / spec.events };
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** The events, in BATCH-row inserts; the rows of the next batch are built while the previous one is inserted. */
async function writeEvents(ch: ClickHouseClient, spec: HistorySpec, g: HistoryGrid): Promise<void> {
  let pending: Promise<void> = Promise.resolve();
  for (let from = 0; from < spec.events; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(spec.events, from + BATCH); i++) {
      const e = eventAt(i, g.start, g.step, g.station(), g.rnd());
      rows.push(toRow(e, iso(g.start + i * g.step + 2_000), 'bench'));
    }
    await pending;
    const done = Math.min(spec.events, from + BATCH);
    pending = insertEventRows(ch, rows).then(() => spec.progress?.('events', done, spec.events));
  }
  await pending;
}

/** Alert n's lifecycle: raised overdue, most acknowledged after minutes, most resolved within two days. */
function alertLifecycle(n: number, rule: Rule, spec: HistorySpec, g: HistoryGrid): AlertChange[] {
  const { rnd, start, step } = g;
  const raisedAt = start + rnd() * (spec.now - start - HOUR);
  const severity = (['P1', 'P2', 'P2', 'P3', 'P3', 'P3'] as const)[n % 6]!;
  let alert: Alert = {
    alert_id: `${rule.id}:incident_id:BENCH-${n}`,
    seq: 0,
    rule_id: rule.id,
    severity,
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: g.station(),
    subject: { incident_id: `BENCH-${n}` },
    trigger_event_id: `bench-${Math.floor(((raisedAt - 26 * HOUR - start) / step) | 0)}`,
    satisfied_by_event_id: null,
    due_at: iso(raisedAt - 60_000),
    opened_at: iso(raisedAt),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: rule.title,
    legal_basis: rule.legal_basis,
  };
  const changes: AlertChange[] = [{ alert_id: alert.alert_id, kind: 'raised', at: iso(raisedAt), alert }];
  const ackAt = raisedAt + (5 + rnd() * 115) * 60_000;
  if (rnd() < 0.6 && ackAt < spec.now) {
    alert = { ...alert, state: 'acknowledged', acknowledged_at: iso(ackAt), acknowledged_by: 'duty' };
    changes.push({ alert_id: alert.alert_id, kind: 'acknowledged', at: iso(ackAt), alert, actor: 'duty' });
  }
  const resolvedAt = raisedAt + (1 + rnd() * 47) * HOUR;
  if (rnd() < 0.9 && resolvedAt < spec.now) {
    alert = { ...alert, state: 'resolved', resolution: 'late', resolved_at: iso(resolvedAt) };
    changes.push({ alert_id: alert.alert_id, kind: 'resolved', at: iso(resolvedAt), alert });
  }
  return changes;
}

/** The alerts of the deadline rules, their changes numbered in time order as the stream would; how many stay open. */
async function writeAlertHistory(
  ch: ClickHouseClient,
  spec: HistorySpec,
  g: HistoryGrid,
): Promise<{ changes: number; active: number }> {
  const deadline = spec.rules.filter((r) => r.kind === 'deadline');
  const changes: AlertChange[] = [];
  let active = 0;
  for (let n = 0; n < spec.alerts; n++) {
    const lifecycle = alertLifecycle(n, deadline[n % deadline.length]!, spec, g);
    changes.push(...lifecycle);
    if (lifecycle.at(-1)!.kind !== 'resolved') active++;
  }
  changes.sort((a, b) => a.at.localeCompare(b.at));
  changes.forEach((c, i) => (c.alert = { ...c.alert, seq: i + 1 }));
  for (let i = 0; i < changes.length; i += BATCH) {
    const values = changes.slice(i, i + BATCH).map((c) => alertEventRow(c, 'stream'));
    await ch.insert({ table: 'alert_events', values, format: 'JSONEachRow' });
  }
  return { changes: changes.length, active };
}

/** A condition is clear 90 %; a deadline not yet due is pending, else on time 85 %, late 10 %, never met 5 %. */
function obligationStatus(
  kind: Rule['kind'],
  due: number,
  r: number,
  lateEvent: number,
  spec: HistorySpec,
): Obligation['status'] {
  if (kind === 'condition') return r < 0.9 ? 'clear' : 'violation';
  if (due > spec.now) return 'pending';
  if (r < 0.85) return 'on_time';
  return r < 0.95 && lateEvent < spec.events ? 'late' : 'pending';
}

/** Obligation n: one per trigger, 24 h to 7 d limits, with its satisfier as the engine would derive it. */
function obligationAt(n: number, spec: HistorySpec, g: HistoryGrid): Obligation {
  const { rnd, start, step } = g;
  const rule = spec.rules[n % spec.rules.length]!;
  const occurred = start + ((spec.now - start) * n) / spec.obligations;
  const due = occurred + (rule.kind === 'deadline' ? [24, 72, 168][n % 3]! * HOUR : 0);
  const r = rnd();
  const late = due + (0.5 + rnd() * 30) * HOUR;
  const lateEvent = Math.floor((late - start) / step);
  const status = obligationStatus(rule.kind, due, r, lateEvent, spec);
  // The satisfier (an event of the history) and when it occurred, as the engine would derive them.
  const satisfier =
    status === 'late' ? lateEvent : status === 'on_time' ? Math.floor((occurred - start) / step) + 1 : null;
  return {
    alert_id: `${rule.id}:incident_id:OB-${n}`,
    rule_id: rule.id,
    kind: rule.kind,
    subject: { incident_id: `OB-${n}` },
    trigger_event_id: `bench-${Math.floor((occurred - start) / step)}`,
    unit_code: g.station(),
    occurred_at: occurred,
    seen: occurred,
    due_at: due,
    lead_ms: null,
    severity: rule.severity.default,
    status,
    satisfied_by: satisfier === null ? null : `bench-${satisfier}`,
    satisfied_at: satisfier === null ? null : Math.trunc(start + satisfier * step),
    title: rule.title,
    legal_basis: rule.legal_basis,
  };
}

async function writeObligations(ch: ClickHouseClient, spec: HistorySpec, g: HistoryGrid): Promise<void> {
  for (let from = 0; from < spec.obligations; from += BATCH) {
    const batch: Obligation[] = [];
    for (let n = from; n < Math.min(spec.obligations, from + BATCH); n++)
      batch.push(obligationAt(n, spec, g));
    await recordObligations(ch, batch, spec.now);
    spec.progress?.('obligations', Math.min(spec.obligations, from + BATCH), spec.obligations);
  }
  // compliance figures read the ledger's snapshot (refreshed every 30 s): measure on a complete one
  await refreshLedgerSnapshot(ch);
}

export async function fillHistory(ch: ClickHouseClient, spec: HistorySpec): Promise<HistoryMade> {
  const g = historyGrid(spec);
  let t0 = performance.now();
  await writeEvents(ch, spec, g);
  const eventSeconds = seconds(t0);
  t0 = performance.now();
  const alerts = await writeAlertHistory(ch, spec, g);
  const alertSeconds = seconds(t0);
  t0 = performance.now();
  await writeObligations(ch, spec, g);
  return {
    events: spec.events,
    alertEvents: alerts.changes,
    alerts: spec.alerts,
    activeAlerts: alerts.active,
    obligations: spec.obligations,
    stations: g.stations.length,
    seconds: { events: eventSeconds, alerts: alertSeconds, obligations: seconds(t0) },
  };
}

/** Waits (at most 3 min) until ClickHouse has no merge running; returns the active parts of `events`. */
export async function settleMerges(ch: ClickHouseClient): Promise<number> {
  const end = Date.now() + 180_000;
  while (Date.now() < end) {
    const [m] = await queryRows<{ n: string }>(ch, 'SELECT count() AS n FROM system.merges');
    if (Number(m?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const [p] = await queryRows<{ n: string }>(
    ch,
    "SELECT count() AS n FROM system.parts WHERE active AND table = 'events' AND database = currentDatabase()",
  );
  return Number(p?.n ?? 0);
}

/**
 * Live alerts made by the engine itself: criminal incidents closed 30 h ago, posted to POST /api/events
 * (R-INC-01 overdue after the grace), spread over the stations. Resolves when every one is raised.
 */
export async function raiseLiveAlerts(
  url: string,
  ingestToken: string,
  alerts: AlertBook,
  count: number,
): Promise<string[]> {
  const stations = guangxiUnits().filter((u) => u.level === 'station');
  const closed = iso(Date.now() - 30 * HOUR);
  const incidents = Array.from({ length: count }, (_, i) => `LIVE-${i}`);
  for (let i = 0; i < count; i += 2_000) {
    const body = incidents.slice(i, i + 2_000).map((id, j) => ({
      event_id: `live-${id}`,
      type: 'incident.closed',
      occurred_at: closed,
      unit_code: stations[(i + j) % stations.length]!.code,
      incident_id: id,
      attrs: { nature: 'criminal' },
    }));
    const res = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestToken}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 202) throw new Error(`POST /api/events: ${res.status}`);
  }
  const ids = incidents.map((id) => `R-INC-01:incident_id:${id}`);
  for (;;) {
    const got = await alerts.getMany(ids);
    if ([...got.values()].filter((a) => a.stage === 'overdue').length === ids.length) return ids;
    await new Promise((r) => setTimeout(r, 500));
  }
}
