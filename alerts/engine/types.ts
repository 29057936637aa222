/**
 * The engine's serialisable state. Facts are compact projections of events, grouped per entity (one link-key
 * value such as `case_id=C1`); obligations are derived from facts; alerts are the Alert of common/alerts.ts.
 * Everything here is plain JSON so that a shell can keep it in Redis, one key per entity or alert.
 */
import type { EventType, LinkKey } from '../../common/event-types.js';
import type { PoliceEvent } from '../../common/events.js';
import type { Severity } from '../../common/rules.js';

/** An event, optionally with the time it was first ingested (replay keeps the original processing time). */
export type EngineEvent = PoliceEvent & { ingested_at?: string };

export type FieldValue = string | number | boolean | string[];

/** What the rules need to know about one event. */
export interface Fact {
  /** event_id */
  id: string;
  type: EventType;
  /** occurred_at, epoch ms */
  at: number;
  /** First processing (ingest) time the engine saw this event, epoch ms; duplicates keep the minimum. */
  seen: number;
  unit: string;
  keys: Partial<Record<LinkKey, string>>;
  /** Only the fields some rule reads (`attrs.nature`, `officer_ids`, …), by field path. */
  f?: Record<string, FieldValue>;
}

/** The facts of one entity, by event_id. Merging is idempotent and commutative. */
export interface EntityRecord {
  facts: Record<string, Fact>;
}

/** Reads an entity record by key (`case_id=C1`); undefined when nothing is known. */
export type Lookup = (entityKey: string) => EntityRecord | undefined;

/**
 * Names one obligation. Deadline rules: (rule, subject key value). Condition rules: (rule, offending event),
 * `value` being the event's subject key value so that its record can be found.
 */
export interface ObligationRef {
  rule_id: string;
  key: LinkKey;
  value: string;
  event_id?: string;
}

/**
 * Deadline: `pending` (no satisfier yet), `on_time`, `late`. Condition: `violation` or `clear`.
 */
export type ObligationStatus = 'pending' | 'on_time' | 'late' | 'violation' | 'clear';

/** One obligation as derived from the facts known now. Times are epoch ms. */
export interface Obligation {
  alert_id: string;
  rule_id: string;
  kind: 'deadline' | 'condition';
  subject: Partial<Record<LinkKey, string>>;
  trigger_event_id: string;
  unit_code: string;
  /** occurred_at of the trigger (condition: of the offending event). */
  occurred_at: number;
  /** Processing time from which the obligation was known (the trigger's first ingest; for a join, the later side). */
  seen: number;
  /** Deadline; for a condition rule, the time of the offending event. */
  due_at: number;
  /** Pre-warning lead, or null when the rule has none. */
  lead_ms: number | null;
  severity: Severity;
  status: ObligationStatus;
  satisfied_by: string | null;
  /** occurred_at of the satisfier `satisfied_by`, epoch ms; null while there is none (and for condition rules). */
  satisfied_at: number | null;
  title: string;
  legal_basis: string;
  /** The calendar lacked a year the due date needed: it was counted as `natural` (CONTRACT §2.1). */
  calendar_missing?: true;
}

/** Why an overdue obligation is held rather than raised : the source partition that holds it. */
export interface Hold {
  key: string;
  /** When to judge again without news (end of a catch-up window); null: when the source recovers. */
  recheckAt: number | null;
}

/** Decides, at processing time `now`, whether an overdue obligation is held; absent: nothing is ever held. */
export type Gate = (o: Obligation, now: number) => Hold | null;
