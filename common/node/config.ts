/**
 * Configuration (CONTRACT.md §5 plus operational knobs): one zod schema over the environment that reports
 * every problem at once. Only composition roots (`main.ts`, CLIs) call `loadConfig`.
 */
import path from 'node:path';
import { z } from 'zod';

const bool01 = z
  .enum(['0', '1', 'true', 'false'], { error: 'must be 0 or 1' })
  .transform((v) => v === '1' || v === 'true');

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}//`,
  );

/** A comma-separated list of origins (`https://wall.example.org`), each as a browser sends it. */
const originList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
  )
  .superRefine((origins, ctx) => {
    for (const o of origins) {
      let origin: string | null = null;
      try {
        const u = new URL(o);
        if (u.protocol === 'http:' || u.protocol === 'https:') origin = u.origin;
      } catch {
        origin = null;
      }
      if (origin !== o.toLowerCase().replace(/\/$/, ''))
        ctx.addIssue({
          code: 'custom',
          message: `"${o}" is not an origin: give scheme://host[:port], no path (e.g. https://wall.example.org)`,
        });
    }
  })
  .transform((origins) => origins.map((o) => new URL(o).origin));

export const ROLES = ['all', 'ingest', 'alerts', 'server', 'notify'] as const;
export type Role = (typeof ROLES)[number];

/** An IANA time zone this runtime knows. */
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

export const configSchema = z.object({
  PORT: intIn(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  CLICKHOUSE_URL: url(['http:', 'https:']).optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('vigil'),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  REDIS_URL: url(['redis:', 'rediss:', 'unix:']).optional(),
  INGEST_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  SIMULATE: bool01.default(false),
  SIMULATE_RATE: z.coerce.number().positive('must be positive').default(1),
  SIMULATE_BACKFILL_DAYS: z.coerce
    .number()
    .min(0, 'must be 0 or more')
    .max(365, 'must be at most 365')
    .default(3),
  /**
   * Simulated 督办 people (with SIMULATE): how much faster than real time they live (60: their hour is a
   * minute; the shipped SUPERVISION_FILE's level limits are divided by it). 0: no simulated people.
   */
  SIMULATE_SUPERVISION: z.coerce
    .number()
    .min(0, 'must be 0 (off) or more')
    .max(100_000, 'must be at most 100000')
    .default(60),
  ALERT_GRACE_SECONDS: intIn(0, 86_400).default(60),
  /** CONTRACT §6.4: a violation first judged more than this many hours after its deadline is historical. */
  BACKFILL_HORIZON_HOURS: intIn(1, 87_600).default(48),
  ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).default('all'),
  UNITS_FILE: z.string().optional(),
  RULES_FILE: z.string().optional(),
  /** The working-day calendar (CONTRACT §2.1); unset: the shipped one. */
  CALENDAR_FILE: z.string().optional(),
  SOURCES_FILE: z.string().optional(),
  /** 督办 level limits and automatic policies (CONTRACT §6); unset: the shipped one. */
  SUPERVISION_FILE: z.string().optional(),
  /** 考评 weights per rule category, late order steps and lateness (CONTRACT §9); unset: the shipped one. */
  ASSESSMENT_FILE: z.string().optional(),
  /** Notification channels, contacts and routes (CONTRACT §7); unset: no notifications. */
  NOTIFY_FILE: z.string().optional(),
  /** The address people open links in notifications at (default http://localhost:PORT). */
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  RECONCILE_INTERVAL_SECONDS: intIn(0, 86_400).default(300),
  TIME_ZONE: timeZone.default('Asia/Shanghai'),
  /** CONTRACT §5's name for the zone days are counted in; when set it wins over TIME_ZONE (same meaning). */
  UNIT_TIME_ZONE: timeZone.optional(),
  INGEST_CONCURRENCY: intIn(1, 256).default(16),
  INGEST_BATCH_ROWS: intIn(1, 100_000).default(20_000),
  INGEST_LINGER_MS: intIn(0, 10_000).default(100),
  ALLOWED_ORIGINS: originList.default([]),
  SESSION_HOURS: intIn(1, 24 * 30).default(12),
  KIOSK_TOKEN_DAYS: intIn(1, 3 * 365).default(365),
  REQUEST_TIMEOUT_SECONDS: intIn(1, 600).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof configSchema>;
export interface Config extends RawConfig {
  /** Absolute data directory. */
  dataDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError listing every problem. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.keys(configSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const zone = parsed.data.UNIT_TIME_ZONE ?? parsed.data.TIME_ZONE;
  return {
    ...parsed.data,
    TIME_ZONE: zone,
    UNIT_TIME_ZONE: zone,
    dataDir: path.resolve(parsed.data.DATA_DIR),
  };
}
