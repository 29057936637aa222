/**
 * Notifications (CONTRACT.md §7): the NOTIFY_FILE's shape (channels, contacts, routes), the kinds of
 * notification, the attempt records and the API's shapes. Shared by the notify role, the server and the browser.
 */
import { z } from 'zod';
import { parseDuration, SEVERITIES } from './rules.js';

export const NOTIFY_KINDS = [
  'alert.raised',
  'alert.escalated',
  'alert.unacknowledged',
  'supervision.issued',
  'supervision.returned',
  'supervision.overdue',
  'source.outage',
] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export const CHANNEL_TYPES = ['webhook', 'wecom', 'dingtalk', 'sms', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The rule id of the alert raised when a channel fails 5 times in a row (通知通道故障, P3). */
export const NOTIFY_FAIL = 'NOTIFY-FAIL';
/** Consecutive failed attempts of a channel that raise NOTIFY-FAIL. */
export const NOTIFY_FAIL_AFTER = 5;

/** `<n>s|m|h` (exact durations: notifications run in processing time). */
const duration = z
  .string({ error: 'must be a duration such as 30s, 15m or 2h' })
  .regex(/^\d+[smh]$/, 'must be <n>s, <n>m or <n>h')
  .refine((s) => (parseDuration(s) ?? 0) > 0, 'must be longer than zero');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be letters, digits, _ . - (≤ 64)');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const unitPrefix = z.string().regex(/^\d{1,12}$/, 'must be a unit code prefix (1–12 digits)');

/** Fields every channel has. */
const channelBase = {
  id,
  name: z.string().min(1).max(64).optional(),
  /** Messages per minute this channel accepts (robots: 20); over it, alerts are batched into one message. */
  rate_per_minute: z.number().int().min(1).max(100_000).optional(),
  /** How long one request may take (default 10s). */
  timeout: duration.optional(),
};

const webhookChannel = z
  .object({
    ...channelBase,
    type: z.literal('webhook'),
    url: httpUrl.optional(),
    url_env: envName.optional(),
    secret: z.string().min(8).optional(),
    secret_env: envName.optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();
/** A group robot: `url` is the robot's webhook address (its key or access token is a secret: `url_env`). */
const wecomChannel = z
  .object({
    ...channelBase,
    type: z.literal('wecom'),
    url: httpUrl.optional(),
    url_env: envName.optional(),
  })
  .strict();
const dingtalkChannel = z
  .object({
    ...channelBase,
    type: z.literal('dingtalk'),
    url: httpUrl.optional(),
    url_env: envName.optional(),
    /** The robot's 加签 secret (SEC…): the URL is signed with timestamp and sign. */
    secret: z.string().min(1).optional(),
    secret_env: envName.optional(),
  })
  .strict();
const smsChannel = z
  .object({
    ...channelBase,
    type: z.literal('sms'),
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    url: httpUrl.optional(),
    url_env: envName.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Header values from the environment (e.g. `{"Authorization": "SMS_GATEWAY_AUTH"}`). */
    headers_env: z.record(z.string(), envName).optional(),
    /** The request body, with `{{phone}}` and `{{text}}` (JSON-escaped when the body is JSON). */
    body: z.string().max(4_096).optional(),
  })
  .strict();
const emailChannel = z
  .object({
    ...channelBase,
    type: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** true: TLS from the start (465); false: STARTTLS, required (587). */
    secure: z.boolean().default(false),
    user: z.string().min(1).optional(),
    pass: z.string().min(1).optional(),
    pass_env: envName.optional(),
    from: z.string().min(3),
    /** Accept a self-signed certificate (test servers only). */
    allow_self_signed: z.boolean().optional(),
  })
  .strict();

export const channelSchema = z.discriminatedUnion('type', [
  webhookChannel,
  wecomChannel,
  dingtalkChannel,
  smsChannel,
  emailChannel,
]);
export type ChannelConfig = z.infer<typeof channelSchema>;

export const contactSchema = z
  .object({
    id,
    /** The duty post or office (值班室), not a private person's name: it appears in the attempts log. */
    name: z.string().min(1).max(64),
    unit: unitPrefix,
    /** Duty role: `duty` (值班), `leader` (带班领导), `legal` (法制), … */
    role: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a lower-case word'),
    phone: z
      .string()
      .regex(/^\+?\d{5,20}$/, 'must be digits')
      .optional(),
    email: z.email().optional(),
    /** WeCom user id, @-mentioned in robot messages. */
    wecom: z.string().min(1).max(64).optional(),
    /** DingTalk user id, @-mentioned in robot messages. */
    dingtalk: z.string().min(1).max(64).optional(),
    /** The channels that reach this contact. */
    via: z.array(id).min(1),
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;

/**
 * `channel:<id>`, `contact:<id>`, `contacts:alert_unit` / `contacts:parent` (optionally `:<role>`: only
 * contacts of that duty role).
 */
const target = z
  .string()
  .regex(
    /^(channel:[A-Za-z0-9][A-Za-z0-9_.-]*|contact:[A-Za-z0-9][A-Za-z0-9_.-]*|contacts:(alert_unit|parent)(:[a-z][a-z0-9_-]*)?)$/,
    'must be channel:<id>, contact:<id>, contacts:alert_unit or contacts:parent (optionally :<role>)',
  );
export type RouteTarget = string;

export const routeSchema = z
  .object({
    id: id.optional(),
    match: z
      .object({
        kinds: z.array(z.enum(NOTIFY_KINDS)).min(1),
        severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
        rule_ids: z.array(z.string().min(1)).min(1).optional(),
        /** Rule id prefixes such as `R-PER-`. */
        rule_prefixes: z.array(z.string().min(1)).min(1).optional(),
        unit: unitPrefix.optional(),
      })
      .strict(),
    to: z.array(target).min(1).max(20),
    quiet_hours: z.object({ from: clock, to: clock }).strict().optional(),
    renotify_every: duration.optional(),
    /** Re-notifications at most (default 10). */
    renotify_max: z.number().int().min(1).max(100).optional(),
    escalate_after: duration.optional(),
  })
  .strict();
export type Route = z.infer<typeof routeSchema>;

export const retrySchema = z
  .object({
    /** First retry after (default 10s); each next one doubles, up to `max_interval`. */
    first: duration.default('10s'),
    max_interval: duration.default('1h'),
    /** Give up after (default 24h). */
    give_up_after: duration.default('24h'),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retrySchema>;

export const notifyFileSchema = z
  .object({
    version: z.literal(1).optional(),
    channels: z.array(channelSchema).max(100),
    contacts: z.array(contactSchema).max(10_000).default([]),
    routes: z.array(routeSchema).max(200),
    retry: retrySchema.default({ first: '10s', max_interval: '1h', give_up_after: '24h' }),
  })
  .strict();
export type NotifyFile = z.infer<typeof notifyFileSchema>;

/** One delivery attempt, as recorded in ClickHouse and listed by `GET /api/notifications`. */
export const ATTEMPT_OUTCOMES = ['delivered', 'failed', 'gave_up', 'cancelled', 'skipped'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface NotifyAttempt {
  at: string;
  /** (kind, subject, stage, recipient): the delivery this attempt is for. */
  delivery_id: string;
  kind: NotifyKind;
  /** `renotify` n (0: the first notification). */
  renotify: number;
  /** Escalation level (0: the alert's own unit). */
  escalation: number;
  alert_id: string;
  supervision_id: string;
  unit_code: string;
  channel: string;
  channel_type: ChannelType;
  /** `contact:<id>` or `channel:<id>`. */
  recipient: string;
  /** The contact's post name (never a private number or address). */
  recipient_name: string;
  outcome: AttemptOutcome;
  /** HTTP status or SMTP reply code (0: none). */
  response_code: number;
  latency_ms: number;
  attempt: number;
  error: string;
  /** Other alerts carried in the same (batched) message. */
  batched: number;
}

export interface ChannelHealth {
  id: string;
  type: ChannelType;
  name: string;
  /** Where it sends, without secrets (host only). */
  target: string;
  consecutive_failures: number;
  last_attempt_at: string | null;
  last_outcome: AttemptOutcome | null;
  last_error: string;
  failing: boolean;
  rate_per_minute: number | null;
}

export const notificationsQuerySchema = z
  .object({
    alert_id: z.string().min(1).max(512).optional(),
    supervision_id: z.string().min(1).max(64).optional(),
    channel: id.optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(200),
  })
  .strict();
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

export const notifyTestSchema = z.object({ channel: id }).strict();
