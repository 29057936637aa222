/**
 * Notifications (CONTRACT.md §7) as the duty officer reads them: the attempts of one alert or order grouped by
 * delivery (one message to one recipient at one stage), each said in one line — 「已通知 南宁市局值班室（短信）
 * 10:42:05」 or 失败N次 / 已放弃 / 已取消 with the last error — and the admin's channel table (health, rate,
 * the test result). Pure: no Vue, no DOM; types only from common/notify.ts (its zod schemas stay out of the
 * bundle), so the label tables below are checked against its lists in a unit test.
 */
import type {
  AttemptOutcome,
  ChannelHealth,
  ChannelType,
  NotifyAttempt,
  NotifyKind,
} from '../../../common/notify.js';
import type { Role } from '../../../common/auth.js';
import { ApiError } from '../api/client.js';
import type { MessageKey, Translate } from '../i18n/translate.js';
import { formatClock, formatDateTime } from './time.js';

/** The roles that read the notification log (viewers are refused by the server). */
export const NOTIFY_READERS: readonly Role[] = ['officer', 'manager', 'admin'];
export const mayReadNotifications = (role: Role | undefined): boolean =>
  role !== undefined && NOTIFY_READERS.includes(role);

export const KIND_KEY: Record<NotifyKind, MessageKey> = {
  'alert.raised': 'notify.kind.alert.raised',
  'alert.escalated': 'notify.kind.alert.escalated',
  'alert.unacknowledged': 'notify.kind.alert.unacknowledged',
  'supervision.issued': 'notify.kind.supervision.issued',
  'supervision.returned': 'notify.kind.supervision.returned',
  'supervision.overdue': 'notify.kind.supervision.overdue',
  'source.outage': 'notify.kind.source.outage',
};

export const CHANNEL_TYPE_KEY: Record<ChannelType, MessageKey> = {
  webhook: 'notify.type.webhook',
  wecom: 'notify.type.wecom',
  dingtalk: 'notify.type.dingtalk',
  sms: 'notify.type.sms',
  email: 'notify.type.email',
};

/** The short form in a sentence: 「南宁市局值班室（短信）」. */
export const VIA_KEY: Record<ChannelType, MessageKey> = {
  webhook: 'notify.via.webhook',
  wecom: 'notify.via.wecom',
  dingtalk: 'notify.via.dingtalk',
  sms: 'notify.via.sms',
  email: 'notify.via.email',
};

export const OUTCOME_KEY: Record<AttemptOutcome, MessageKey> = {
  delivered: 'notify.outcome.delivered',
  failed: 'notify.outcome.failed',
  gave_up: 'notify.outcome.gave_up',
  cancelled: 'notify.outcome.cancelled',
  skipped: 'notify.outcome.skipped',
};

/** A label for a kind, type or outcome the server may add later: its key when known, else the raw value. */
function label<K extends string>(table: Record<K, MessageKey>, value: string, t: Translate): string {
  const key = (table as Record<string, MessageKey | undefined>)[value];
  return key ? t(key) : value;
}
export const kindLabel = (kind: string, t: Translate) => label(KIND_KEY, kind, t);
/** What an attempt was: its kind, or 「通道测试」 for the admin's test message (delivery id `test|…`). */
export const attemptKindLabel = (a: Pick<NotifyAttempt, 'kind' | 'delivery_id'>, t: Translate) =>
  a.delivery_id.startsWith('test|') ? t('notify.kind.test') : kindLabel(a.kind, t);
export const channelTypeLabel = (type: string, t: Translate) => label(CHANNEL_TYPE_KEY, type, t);
export const viaLabel = (type: string, t: Translate) => label(VIA_KEY, type, t);
export const outcomeLabel = (outcome: string, t: Translate) => label(OUTCOME_KEY, outcome, t);

/** All attempts of one delivery (kind, subject, stage, recipient), newest first, and what came of them. */
export interface DeliveryGroup {
  delivery_id: string;
  kind: NotifyKind;
  renotify: number;
  escalation: number;
  recipient: string;
  recipient_name: string;
  channel: string;
  channel_type: ChannelType;
  /** delivered when any attempt got through; else the newest attempt's outcome. */
  status: AttemptOutcome;
  /** When it was delivered, else the newest attempt's time. */
  at: string;
  /** Failed attempts (before delivery or so far). */
  failures: number;
  /** The newest error said by an attempt ('' when none). */
  lastError: string;
  batched: number;
  attempts: NotifyAttempt[];
}

/** Groups attempts by delivery_id; the groups in the order of their newest attempt (newest first). */
export function groupDeliveries(attempts: readonly NotifyAttempt[]): DeliveryGroup[] {
  const byId = new Map<string, NotifyAttempt[]>();
  for (const a of attempts) {
    const list = byId.get(a.delivery_id);
    if (list) list.push(a);
    else byId.set(a.delivery_id, [a]);
  }
  const groups = [...byId.values()].map((list) => summarize(list.sort(newestFirst)));
  return groups.sort((a, b) => newestFirst(a.attempts[0]!, b.attempts[0]!));
}

function newestFirst(a: NotifyAttempt, b: NotifyAttempt): number {
  return Date.parse(b.at) - Date.parse(a.at) || b.attempt - a.attempt;
}

function summarize(attempts: NotifyAttempt[]): DeliveryGroup {
  const newest = attempts[0]!;
  const delivered = attempts.find((a) => a.outcome === 'delivered');
  const failures = attempts.filter((a) => a.outcome === 'failed' || a.outcome === 'gave_up').length;
  return {
    delivery_id: newest.delivery_id,
    kind: newest.kind,
    renotify: Math.max(...attempts.map((a) => a.renotify)),
    escalation: Math.max(...attempts.map((a) => a.escalation)),
    recipient: newest.recipient,
    recipient_name: newest.recipient_name,
    channel: newest.channel,
    channel_type: newest.channel_type,
    status: delivered ? 'delivered' : newest.outcome,
    at: (delivered ?? newest).at,
    failures,
    lastError: attempts.find((a) => a.error)?.error ?? '',
    batched: (delivered ?? newest).batched,
    attempts,
  };
}

/** `10:42:05` today (in the zone), else `2026-11-26 10:42:05`. */
export function atText(iso: string, nowMs: number, timeZone: string): string {
  const full = formatDateTime(iso, timeZone);
  return full.slice(0, 10) === formatDateTime(nowMs, timeZone).slice(0, 10)
    ? formatClock(iso, timeZone)
    : full;
}

/** 「南宁市局值班室（短信）」: the post (or, for a channel recipient, the channel) and the way it was reached. */
export function recipientText(
  g: Pick<DeliveryGroup, 'recipient_name' | 'channel' | 'channel_type'>,
  t: Translate,
) {
  return t('notify.who', {
    name: g.recipient_name || g.channel,
    type: viaLabel(g.channel_type, t),
  });
}

export interface DeliveryLine {
  kind: string;
  /** 第N次提醒, 升级第N级, 合并N条: shown as tags. */
  tags: string[];
  text: string;
  /** The last error, for failed, given up, cancelled or skipped deliveries. */
  error: string;
  tone: 'ok' | 'bad' | 'muted';
}

const LINE_KEY: Record<AttemptOutcome, MessageKey> = {
  delivered: 'notify.line.delivered',
  failed: 'notify.line.failed',
  gave_up: 'notify.line.gave_up',
  cancelled: 'notify.line.cancelled',
  skipped: 'notify.line.skipped',
};

/** One delivery in one line, for the 已通知 panel. */
export function describeDelivery(
  g: DeliveryGroup,
  t: Translate,
  nowMs: number,
  timeZone: string,
): DeliveryLine {
  const tags: string[] = [];
  if (g.renotify > 0) tags.push(t('notify.renotify', { n: g.renotify }));
  if (g.escalation > 0) tags.push(t('notify.escalation', { n: g.escalation }));
  if (g.batched > 0) tags.push(t('notify.batched', { n: g.batched }));
  const text = t(LINE_KEY[g.status] ?? 'notify.line.failed', {
    who: recipientText(g, t),
    at: atText(g.at, nowMs, timeZone),
    n: g.failures,
  });
  const tone =
    g.status === 'delivered' ? 'ok' : g.status === 'failed' || g.status === 'gave_up' ? 'bad' : 'muted';
  return { kind: kindLabel(g.kind, t), tags, text, error: g.status === 'delivered' ? '' : g.lastError, tone };
}

/** `HTTP 200 · 123 ms` (SMTP for mail; no code when there was no answer). */
export function responseText(
  a: Pick<NotifyAttempt, 'channel_type' | 'response_code' | 'latency_ms'>,
): string {
  const parts: string[] = [];
  if (a.response_code > 0) parts.push(`${a.channel_type === 'email' ? 'SMTP' : 'HTTP'} ${a.response_code}`);
  parts.push(`${Math.round(a.latency_ms)} ms`);
  return parts.join(' · ');
}

/** A test message's result: 「已送达 HTTP 200 · 123 ms」 or 「失败：<error>」. */
export function testResultText(a: NotifyAttempt, t: Translate): { ok: boolean; text: string } {
  if (a.outcome === 'delivered')
    return { ok: true, text: t('notify.test.delivered', { detail: responseText(a) }) };
  const error = a.error || (a.response_code > 0 ? responseText(a) : outcomeLabel(a.outcome, t));
  return { ok: false, text: t('notify.test.failed', { error }) };
}

/** 正常, or 连续失败N次 (red when the channel counts as failing). */
export function healthText(ch: Pick<ChannelHealth, 'consecutive_failures' | 'failing'>, t: Translate) {
  if (ch.consecutive_failures > 0 || ch.failing)
    return { text: t('notify.health.failures', { n: ch.consecutive_failures }), bad: ch.failing };
  return { text: t('notify.health.ok'), bad: false };
}

/** 每分钟N条, or 不限 when the channel has no rate limit. */
export const rateText = (rate: number | null, t: Translate): string =>
  rate === null ? t('notify.rate.none') : t('notify.rate.perMinute', { n: rate });

/** The error a test request got, in words: the channel unknown, notifications off, or what the server said. */
export function testErrorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError && err.status === 404)
    return t('notify.test.failed', { error: t('notify.test.unknown') });
  if (err instanceof ApiError && err.status === 409)
    return t('notify.test.failed', { error: t('notify.test.off') });
  return t('notify.test.failed', { error: err instanceof Error ? err.message : String(err) });
}

/**
 * Whether an error from GET /api/notifications means "no notifications here": notifications are off (409
 * notify_disabled), the route or subject is not there (404), or the role may not read them (403). The panel
 * then shows nothing at all.
 */
export function notifyOff(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  const code = (err.body as { code?: unknown } | null)?.code;
  return code === 'notify_disabled' || err.status === 404 || err.status === 409 || err.status === 403;
}
