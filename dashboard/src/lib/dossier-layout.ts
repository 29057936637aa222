/**
 * 一案一档 timeline (pure): which swimlane (system) an event type belongs to, the entities of a dossier, and the
 * geometry of the swimlane timeline — events as marks, obligations as spans from trigger to due time coloured by
 * outcome, alerts pinned on their obligation. No DOM: the view draws what this returns.
 */
import type { DossierObligation } from '../../../common/dossier.js';
import { LINK_KEYS } from '../../../common/event-types.js';
import type { LinkKey } from '../../../common/event-types.js';
import type { PoliceEvent } from '../../../common/events.js';

export const LANES = ['incident', 'case', 'area', 'property', 'recording', 'measure', 'legal'] as const;
export type Lane = (typeof LANES)[number];

const PREFIX_LANE: Record<string, Lane> = {
  incident: 'incident',
  case: 'case',
  area: 'area',
  interrogation: 'area',
  property: 'property',
  recording: 'recording',
  measure: 'measure',
  custody: 'measure',
  family: 'measure',
  legal_review: 'legal',
};

/** The system (swimlane) of an event type, by its prefix; null for a type of no known system. */
export function laneOf(type: string): Lane | null {
  const dot = type.indexOf('.');
  return PREFIX_LANE[dot < 0 ? type : type.slice(0, dot)] ?? null;
}

/** How an obligation ended, as the legend names it. */
export type Outcome = 'on_time' | 'late' | 'missing' | 'open';

/** pending before its due time is open; pending after it (still not done) and a violation are missing. */
export function outcomeOf(o: Pick<DossierObligation, 'status' | 'due_at'>, nowMs: number): Outcome {
  if (o.status === 'on_time' || o.status === 'clear') return 'on_time';
  if (o.status === 'late') return 'late';
  if (o.status === 'pending') return Date.parse(o.due_at) > nowMs ? 'open' : 'missing';
  return 'missing';
}

export const OUTCOME_COLOURS: Record<Outcome, string> = {
  on_time: '#1d8f4e',
  late: '#d48806',
  missing: '#c4161c',
  open: '#3d6fd4',
};

export interface Entity {
  key: LinkKey;
  value: string;
  /** Events carrying the value. */
  events: number;
}

/** Distinct link-key values of the events, in LINK_KEYS order, then by first appearance. */
export function entitiesOf(events: readonly PoliceEvent[]): Entity[] {
  const found = new Map<string, Entity>();
  for (const e of events) {
    for (const key of LINK_KEYS) {
      const value = e[key];
      if (!value) continue;
      const id = `${key}\u0000${value}`;
      const got = found.get(id);
      if (got) got.events += 1;
      else found.set(id, { key, value, events: 1 });
    }
  }
  return [...found.values()].sort((a, b) => LINK_KEYS.indexOf(a.key) - LINK_KEYS.indexOf(b.key));
}

export interface TimelineBox {
  /** Plot width in px (without the lane label column). */
  width: number;
  laneHeight: number;
  now: number;
}

export interface EventMark {
  event_id: string;
  type: string;
  lane: number;
  x: number;
  y: number;
}
export interface SpanMark {
  obligation_id: string;
  rule_id: string;
  lane: number;
  x1: number;
  x2: number;
  y: number;
  outcome: Outcome;
  colour: string;
  /** Alerts raised on it (pins at the due end). */
  alert_ids: string[];
}
export interface Timeline {
  from: number;
  to: number;
  lanes: readonly Lane[];
  events: EventMark[];
  spans: SpanMark[];
  height: number;
}

interface AlertRef {
  alert_id: string;
  trigger_event_id: string;
  rule_id: string;
}

/** The time window: every event time and due time, padded by 3 % on each side (an hour when all coincide). */
function window(events: readonly PoliceEvent[], obligations: readonly DossierObligation[]) {
  const times = [
    ...events.map((e) => Date.parse(e.occurred_at)),
    ...obligations.flatMap((o) => [Date.parse(o.occurred_at), Date.parse(o.due_at)]),
  ].filter(Number.isFinite);
  if (times.length === 0) return { from: 0, to: 1 };
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = hi > lo ? (hi - lo) * 0.03 : 1_800_000;
  return { from: lo - pad, to: hi + pad };
}

/**
 * Lays the dossier out: one lane per system (all seven always shown, in order), x by time; an obligation sits in
 * its trigger event's lane, stacked in rows below the lane's event marks so spans never overlap each other.
 */
export function layoutTimeline(
  events: readonly PoliceEvent[],
  obligations: readonly DossierObligation[],
  alerts: readonly AlertRef[],
  box: TimelineBox,
): Timeline {
  const { from, to } = window(events, obligations);
  const x = (iso: string) => ((Date.parse(iso) - from) / (to - from)) * box.width;
  const laneOfEvent = new Map<string, number>();
  const marks: EventMark[] = [];
  for (const e of events) {
    const lane = laneOf(e.type);
    if (lane === null) continue;
    const i = LANES.indexOf(lane);
    laneOfEvent.set(e.event_id, i);
    marks.push({ event_id: e.event_id, type: e.type, lane: i, x: x(e.occurred_at), y: 0 });
  }
  const rows: number[][] = LANES.map(() => []);
  const spans: SpanMark[] = [];
  const sorted = [...obligations].sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at));
  for (const o of sorted) {
    const lane = laneOfEvent.get(o.trigger_event_id) ?? 0;
    const x1 = x(o.occurred_at);
    // A condition (due at its trigger) still shows as a short bar.
    const x2 = Math.max(x(o.due_at), x1 + 8);
    const laneRows = rows[lane]!;
    let row = laneRows.findIndex((end) => end < x1);
    if (row < 0) row = laneRows.push(x2) - 1;
    else laneRows[row] = x2;
    const outcome = outcomeOf(o, box.now);
    spans.push({
      obligation_id: o.obligation_id,
      rule_id: o.rule_id,
      lane,
      x1,
      x2,
      y: row,
      outcome,
      colour: OUTCOME_COLOURS[outcome],
      alert_ids: alerts
        .filter((a) => a.trigger_event_id === o.trigger_event_id && a.rule_id === o.rule_id)
        .map((a) => a.alert_id),
    });
  }
  return { from, to, lanes: LANES, events: marks, spans, height: LANES.length * box.laneHeight };
}

/** Rows of spans each lane needs (at least one), for the lanes' heights. */
export function laneRows(t: Timeline): number[] {
  return t.lanes.map((_, i) => Math.max(1, ...t.spans.filter((s) => s.lane === i).map((s) => s.y + 1)));
}

export interface SpanLabel {
  x: number;
  anchor: 'start' | 'end';
  /** Drawn on the bar (white) rather than beside it. */
  inside: boolean;
}

/**
 * Where a span's rule name goes: on the bar when it fits, else after its end (past the alert pin) when the plot
 * has room, else before its start.
 */
export function spanLabel(x1: number, x2: number, textWidth: number, plotWidth: number): SpanLabel {
  if (x2 - x1 >= textWidth + 12) return { x: x1 + 6, anchor: 'start', inside: true };
  if (x2 + 14 + textWidth <= plotWidth) return { x: x2 + 14, anchor: 'start', inside: false };
  return { x: x1 - 6, anchor: 'end', inside: false };
}
