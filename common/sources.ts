/**
 * Source health, so that a silent sending system is not read as missing follow-ups: the sending systems
 * (110, case, property, area, av, …) as configuration, their freshness and health, and the API shapes
 * shared by the engine, the server and the browser.
 *
 * A source's *expectation* is opt-in: a source with none is always healthy, and the shipped default file sets
 * none, so a fresh installation behaves exactly as CONTRACT.md §2 says. With an expectation, a source (per unit
 * prefix, `partition`) is `late` after `late_after` of silence counted inside its active hours, `silent` after
 * `silent_after`. Silence is measured in processing time since its last activity (an event of it ingested, or a
 * heartbeat). Runs in the browser too (no node: imports).
 */
import { z } from 'zod';
import { EVENT_TYPES } from './event-types.js';
import type { EventType } from './event-types.js';
import { parseDuration } from './rules.js';

export const SOURCE_HEALTH = ['healthy', 'late', 'silent'] as const;
export type SourceHealth = (typeof SOURCE_HEALTH)[number];

/** Unit-code prefix length of each partition level. */
export const PARTITION_DIGITS = { province: 2, city: 4, county: 6, station: 12 } as const;
export type SourcePartition = keyof typeof PARTITION_DIGITS;

/** The rule id of the alert raised when a source goes silent (数据源中断, P2). */
export const SOURCE_OUTAGE_RULE_ID = 'SRC-OUTAGE';

const duration = z
  .string()
  .refine((s) => (parseDuration(s) ?? 0) > 0, 'must be a positive duration such as 10m, 2h or PT30M');
const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const typePattern = z
  .string()
  .refine(
    (p) => matchingTypes(p).length > 0,
    'must be an event type of CONTRACT.md §1.1, or a family such as "case.*"',
  );

export const sourceExpectationSchema = z
  .object({
    /** Silence after which the source is `late` (e.g. "10m"). */
    late_after: duration,
    /** Silence after which it is `silent` (default: three times late_after). */
    silent_after: duration.optional(),
    /** Active hours in the source's time zone, "07:00-23:00"; silence outside them does not count. */
    hours: z.string().regex(HOURS, 'must be "HH:MM-HH:MM", e.g. "07:00-23:00"').optional(),
  })
  .strict();

export const sourceConfigSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1–32 letters, digits, "_", "." or "-"'),
    name: z.string().min(1),
    name_en: z.string().min(1).optional(),
    /** Event types it sends ("case.*" for a family). Events with `source` set are attributed by that field. */
    types: z.array(typePattern).min(1),
    /** Health is kept per unit prefix of this level (default province: one feed for the whole province). */
    partition: z.enum(['province', 'city', 'county', 'station']).default('province'),
    /** Rules whose satisfiers it sends; default: every deadline rule with a satisfier type it sends. */
    rules: z.array(z.string().min(1)).optional(),
    expect: sourceExpectationSchema.optional(),
    /**
     * After it is healthy again, how long to wait for its backlog before judging held obligations whose
     * due_at is beyond what it has delivered (default 30m).
     */
    catch_up: duration.default('30m'),
  })
  .strict();
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

export const sourcesFileSchema = z
  .object({
    $comment: z.string().optional(),
    /** Time zone of `hours` (IANA); default TIME_ZONE. */
    time_zone: z.string().optional(),
    sources: z.array(sourceConfigSchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.sources.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: 'duplicate id' });
      seen.add(s.id);
    });
  });
export type SourcesFile = z.infer<typeof sourcesFileSchema>;

/** Event types matched by a pattern: an exact type, or `family.*`. */
export function matchingTypes(pattern: string): EventType[] {
  if (pattern.endsWith('.*')) {
    const family = pattern.slice(0, -1);
    return EVENT_TYPES.filter((t) => t.startsWith(family));
  }
  return (EVENT_TYPES as readonly string[]).includes(pattern) ? [pattern as EventType] : [];
}

/** `case:4501`: a source's health is kept per (source, unit prefix of its partition). */
export function sourceKey(sourceId: string, prefix: string): string {
  return `${sourceId}:${prefix}`;
}

export function splitSourceKey(key: string): { source: string; prefix: string } {
  const i = key.lastIndexOf(':');
  return { source: key.slice(0, i), prefix: key.slice(i + 1) };
}

/** One row of GET /api/sources. */
export interface SourceStatus {
  key: string;
  source: string;
  name: string;
  name_en: string | null;
  /** Unit prefix the row covers (2/4/6/12 digits) and the unit's name when the directory knows it. */
  unit_prefix: string;
  unit_name: string | null;
  state: SourceHealth;
  /** When it entered this state. */
  since: string;
  /** Whether an expectation applies (a source without one is always healthy). */
  monitored: boolean;
  /** Latest occurred_at received from it (its event-time watermark), ingest time of its latest event. */
  last_event_at: string | null;
  last_ingest_at: string | null;
  last_heartbeat_at: string | null;
  /** Processing time since its last activity, seconds. */
  silence_seconds: number | null;
  /** now − watermark, seconds: how far behind in event time. */
  lag_seconds: number | null;
  /** Overdue alerts of dependent rules held because of it. */
  held_alerts: number;
  /** Rules that depend on it. */
  rules: string[];
}

export interface SourcesResponse {
  as_of: string;
  sources: SourceStatus[];
}

/** POST /api/sources/:id/heartbeat body (all optional). */
export const heartbeatSchema = z
  .object({
    /** Unit prefix the heartbeat speaks for (default: the whole partition of the sender is not known → province). */
    unit_prefix: z
      .string()
      .regex(/^\d{2,12}$/, 'must be a unit-code prefix of 2–12 digits')
      .optional(),
    /** The source has delivered everything that occurred up to this time (advances its watermark). */
    as_of: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type Heartbeat = z.infer<typeof heartbeatSchema>;
