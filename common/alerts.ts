/**
 * The Alert of CONTRACT.md §3 and its lifecycle changes. Shared by the engine, the server and the browser.
 */
import { z } from 'zod';
import { LINK_KEYS } from './event-types.js';
import type { LinkKey } from './event-types.js';
import { SEVERITIES } from './rules.js';

export const ALERT_STAGES = ['due_soon', 'overdue'] as const;
export type AlertStage = (typeof ALERT_STAGES)[number];
/**
 * `held` (an extension of CONTRACT.md §3): overdue, but the source that would send the satisfier is
 * late or silent, so absence proves nothing yet; not a violation on the wall until judged (raised → `open`, or
 * resolved by the follow-up that arrives in the source's backlog).
 */
export const ALERT_STATES = ['open', 'acknowledged', 'resolved', 'held'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const RESOLUTIONS = ['late', 'on_time', 'manual'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
/**
 * `raised`, `escalated` (due_soon → overdue), `acknowledged`, `resolved`, and `updated`: the snapshot changed
 * without a lifecycle step (due_at moved by a late-recorded extension, severity known from a late related event,
 * a resolution corrected because an earlier satisfier or trigger arrived later), and `held`: overdue but held
 * because a source it depends on is not healthy.
 */
export const ALERT_CHANGE_KINDS = [
  'raised',
  'escalated',
  'acknowledged',
  'resolved',
  'updated',
  'held',
] as const;
export type AlertChangeKind = (typeof ALERT_CHANGE_KINDS)[number];

const iso = z.iso.datetime();
const LINK_SUBJECT = Object.fromEntries(LINK_KEYS.map((k) => [k, z.string().optional()])) as {
  [K in LinkKey]: z.ZodOptional<z.ZodString>;
};

export const alertSchema = z
  .object({
    alert_id: z.string().min(1),
    /** Server-wide counter bumped on every change; assigned by the shell (0 until then). */
    seq: z.number().int().nonnegative(),
    rule_id: z.string().min(1),
    severity: z.enum(SEVERITIES),
    stage: z.enum(ALERT_STAGES),
    state: z.enum(ALERT_STATES),
    resolution: z.enum(RESOLUTIONS).nullable(),
    unit_code: z.string().regex(/^\d{6,12}$/),
    /** The link-key values naming what the alert is about; a SUP-OVERDUE alert names its order and how many
     *  levels up the missed step has gone (CONTRACT.md §6.3). */
    subject: z
      .object({
        ...LINK_SUBJECT,
        supervision_id: z.string().optional(),
        escalation: z.number().int().min(1).optional(),
        step: z.enum(['receive', 'feedback']).optional(),
      })
      .strict(),
    trigger_event_id: z.string().min(1),
    satisfied_by_event_id: z.string().nullable(),
    due_at: iso,
    opened_at: iso,
    acknowledged_at: iso.nullable(),
    acknowledged_by: z.string().nullable(),
    resolved_at: iso.nullable(),
    title: z.string(),
    legal_basis: z.string(),
    /** While `held`: the source key (`case:4501`) whose health holds it. */
    held_by: z.string().optional(),
    /** The calendar lacked a year this due date needed: counted as `natural` (CONTRACT.md §2.1). */
    calendar_missing: z.literal(true).optional(),
    /** CONTRACT.md §6.4: first judged more than BACKFILL_HORIZON_HOURS after its deadline (old data imported);
     *  set when raised, kept for life. Counted in compliance, trends and reports; never live (isLive). Absent:
     *  false (alerts stored before v2 read as live). */
    historical: z.boolean().optional(),
    /** Its open supervision order, else its latest, else null (CONTRACT.md §6.1); joined when read. */
    supervision_id: z.string().nullable().optional(),
  })
  .strict();
export type Alert = z.infer<typeof alertSchema>;

export const alertChangeSchema = z
  .object({
    alert_id: z.string().min(1),
    kind: z.enum(ALERT_CHANGE_KINDS),
    /** Processing time of the change. */
    at: iso,
    /** The alert after the change. */
    alert: alertSchema,
    /** Who acknowledged or resolved it by hand. */
    actor: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
export type AlertChange = z.infer<typeof alertChangeSchema>;

const SAFE = /^[A-Za-z0-9._~-]$/;
const ALL_SAFE = /^[A-Za-z0-9._~-]*$/;

/** Percent-encodes everything but [A-Za-z0-9._~-]; lone surrogates become %uXXXX. Injective and URL-safe. */
export function escapeIdPart(value: string): string {
  if (ALL_SAFE.test(value)) return value;
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) out += ch;
    else {
      try {
        out += encodeURIComponent(ch);
      } catch {
        out += `%u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      }
    }
  }
  return out;
}

/**
 * The stable id of the alert of (rule, subject): `R-INC-01:incident_id:J4501%2F7`. A readable, escaped string
 * rather than a hash: it cannot collide (the escaping is injective, `:` never survives it), needs no crypto in
 * the browser, and shows in logs and ClickHouse what it is about. `key` is a link key, or `event_id` for a
 * condition rule, whose subject is the offending event itself.
 */
export function alertId(ruleId: string, key: string, value: string): string {
  return `${ruleId}:${key}:${escapeIdPart(value)}`;
}

/**
 * Whether an alert belongs to the live picture — the wall's tiles and ticker, the active duty queue, pushes,
 * automatic orders, notifications: every alert but historical ones (CONTRACT.md §6.4).
 */
export function isLive(alert: Pick<Alert, 'historical'>): boolean {
  return alert.historical !== true;
}

/** Whether an alert still needs attention. */
export function isActive(alert: Pick<Alert, 'state'>): boolean {
  return alert.state === 'open' || alert.state === 'acknowledged';
}
