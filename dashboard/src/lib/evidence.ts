/**
 * The evidence chain of an alert as a timeline: the trigger event, the other events behind it, the deadline,
 * the satisfying event (on time or late) or what is missing — or, for a held alert, that the missing
 * follow-up awaits a late or silent source — and the alert's own lifecycle. A condition rule's alert has no
 * deadline and nothing missing: the offending event is followed by what is wrong with it (`violation`, its
 * words from lib/violation.ts). Pure. Event names come from the
 * one table of types (EVENT_TYPE_SPECS), v2 types included.
 */
import type { AlertChangeKind } from '../../../common/alerts.js';
import type { AlertDetail } from '../../../common/api.js';
import { EVENT_TYPE_SPECS } from '../../../common/event-types.js';
import type { PoliceEvent } from '../../../common/events.js';

export type TimelineKind =
  | 'trigger'
  | 'event'
  | 'deadline'
  | 'satisfier'
  | 'missing'
  | 'pending'
  | 'awaiting'
  | 'violation'
  | AlertChangeKind;

export interface TimelineItem {
  kind: TimelineKind;
  at: string;
  /** The event's type name (zh / en) for events; empty for deadline and lifecycle items. */
  zh: string;
  en: string;
  event?: PoliceEvent;
  /** For the satisfier: how late it was (ms; ≤ 0 on time). */
  lateMs?: number;
  actor?: string;
  note?: string;
  /** For a violation: what is wrong, in words. */
  text?: string;
}

function typeNames(e: PoliceEvent): { zh: string; en: string } {
  const spec = EVENT_TYPE_SPECS[e.type];
  return spec ? { zh: spec.zh, en: spec.en } : { zh: e.type, en: e.type };
}

/** The people an event names: 民警 (`officer_ids`) and 辅警 (`auxiliary_ids`), each only when listed. */
export function eventPeople(
  e: Pick<PoliceEvent, 'officer_ids' | 'auxiliary_ids'>,
): { field: 'officer_ids' | 'auxiliary_ids'; ids: string[] }[] {
  const out: { field: 'officer_ids' | 'auxiliary_ids'; ids: string[] }[] = [];
  for (const field of ['officer_ids', 'auxiliary_ids'] as const) {
    const ids = e[field];
    if (ids && ids.length > 0) out.push({ field, ids });
  }
  return out;
}

const ORDER: Record<string, number> = {
  trigger: 0,
  violation: 0.5,
  event: 1,
  satisfier: 2,
  deadline: 3,
  missing: 3,
  pending: 3,
  awaiting: 3,
};

/** How the rule judges: `condition` with the sentence saying what is wrong, or a deadline rule (default). */
export type RuleJudgement = { kind: 'deadline' } | { kind: 'condition'; violation: string };

export function buildTimeline(
  detail: AlertDetail,
  nowMs: number,
  rule: RuleJudgement = { kind: 'deadline' },
): TimelineItem[] {
  const items: TimelineItem[] = [];
  const due = Date.parse(detail.due_at);
  let satisfied = false;
  for (const e of detail.evidence) {
    const names = typeNames(e);
    if (e.event_id === detail.trigger_event_id)
      items.push({ kind: 'trigger', at: e.occurred_at, ...names, event: e });
    else if (e.event_id === detail.satisfied_by_event_id) {
      satisfied = true;
      items.push({
        kind: 'satisfier',
        at: e.occurred_at,
        ...names,
        event: e,
        lateMs: Date.parse(e.occurred_at) - due,
      });
    } else items.push({ kind: 'event', at: e.occurred_at, ...names, event: e });
  }
  if (rule.kind === 'condition')
    items.push({ kind: 'violation', at: detail.due_at, zh: '', en: '', text: rule.violation });
  const deadlineKind = satisfied
    ? 'deadline'
    : detail.state === 'held'
      ? 'awaiting'
      : due <= nowMs
        ? 'missing'
        : 'pending';
  if (rule.kind === 'deadline') items.push({ kind: deadlineKind, at: detail.due_at, zh: '', en: '' });
  for (const h of detail.history) {
    items.push({
      kind: h.kind,
      at: h.at,
      zh: '',
      en: '',
      ...(h.actor ? { actor: h.actor } : {}),
      ...(h.note ? { note: h.note } : {}),
    });
  }
  return items.sort((a, b) => {
    const d = Date.parse(a.at) - Date.parse(b.at);
    return d !== 0 ? d : (ORDER[a.kind] ?? 5) - (ORDER[b.kind] ?? 5);
  });
}
