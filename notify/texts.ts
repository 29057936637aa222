/**
 * The texts of notifications (CONTRACT.md §7), pure: an alert or an order as a MessageItem — a zh-CN line of at
 * most 70 characters with its link (one SMS segment), the link, and the object masked as for viewers — and a
 * message's title. No personal data: the line names the rule, the unit and times only; subject person ids,
 * names, ID and phone numbers, instructions and answers never appear.
 */
import type { Alert } from '../common/alerts.js';
import type { NotifyKind } from '../common/notify.js';
import { SEVERITIES } from '../common/rules.js';
import type { Supervision, SupervisionLevel } from '../common/supervision.js';
import { orderForReader } from '../common/supervision.js';
import type { MessageItem } from './channels/types.js';
import { fitLine } from './text-fit.js';
import type { LinePart } from './text-fit.js';
import { alertForViewers } from './viewer-alert.js';

export interface TextOptions {
  kind: NotifyKind;
  /** Re-notification n (0: the first). */
  renotify: number;
  /** Escalation level (0: the unit's own contacts). */
  escalation: number;
  /** The dashboard's public base URL, e.g. `https://vigil.example` (no trailing slash needed). */
  publicUrl: string;
  /** The unit's name, when known (else its code is shown). */
  unitName?: (code: string) => string | undefined;
  /** The time zone times are shown in (the unit's). */
  zone: string;
  /** The moment the text is written, for 「逾期3时」 (default: now). */
  now?: number;
}

/** A MessageItem and how far its line is still over 70 characters (its link alone too long; normally 0). */
export type TextItem = MessageItem & { cut: number };

export const KIND_WORDS: Record<NotifyKind, string> = {
  'alert.raised': '新预警',
  'alert.escalated': '已超期',
  'alert.unacknowledged': '未签收升级',
  'supervision.issued': '督办下发',
  'supervision.returned': '督办退回',
  'supervision.overdue': '督办逾期',
  'source.outage': '数据源中断',
};

const LEVEL_WORDS: Record<SupervisionLevel, string> = { reminder: '提醒', order: '督办', listed: '挂牌督办' };

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: making one costs far more than formatting with it. */
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = FORMATS.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', {
      timeZone: zone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    FORMATS.set(zone, f);
  }
  return f;
}

/** `12月2日14:30` in `zone`. */
export function localTime(iso: string, zone: string): string {
  const parts = formatIn(zone).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('month')}月${get('day')}日${get('hour')}:${get('minute')}`;
}

/** How long, in the largest sensible unit: 45分, 3时, 2天. */
export function spanText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return `${minutes}分`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}时`;
  return `${Math.floor(minutes / 1440)}天`;
}

/** 「逾期3时」 once a minute late, 「已超期」 before, 「12月2日14:30到期」 while not yet due. */
function dueText(dueIso: string, o: TextOptions, late: string): string {
  const over = (o.now ?? Date.now()) - Date.parse(dueIso);
  if (over < 0) return `${localTime(dueIso, o.zone)}到期`;
  return over < 60_000 ? '已超期' : `${late}${spanText(over)}`;
}

/** The parts every line ends with: 「第2次提醒」, 「升级：上级单位」. */
function followUps(o: TextOptions): LinePart[] {
  const parts: LinePart[] = [];
  if (o.renotify >= 1) parts.push({ key: 'renotify', text: `第${o.renotify + 1}次提醒` });
  if (o.escalation >= 1) parts.push({ key: 'escalation', text: '升级：上级单位' });
  return parts;
}

function unitPart(code: string, o: TextOptions): LinePart {
  const name = o.unitName?.(code)?.replace(/\s+/g, ' ').trim();
  return name ? { key: 'unit', text: name, min: 4 } : { key: 'unit', text: code };
}

const base = (publicUrl: string): string => publicUrl.replace(/\/+$/, '');

/** The kind's word for an alert line (a re-notification of a new alert is no longer 「新」). */
function alertKindWord(o: TextOptions): string {
  if (o.kind === 'alert.raised') return o.renotify >= 1 ? '预警' : '新预警';
  // 「逾期3时」 already says 已超期
  return o.kind === 'alert.escalated' ? '' : KIND_WORDS[o.kind];
}

/** An alert as a message item: 「【守望】新预警 P1 南宁市青秀分局 超期未送看守所 逾期3时 https://…/alerts/<id>」. */
export function alertItem(alert: Alert, o: TextOptions): TextItem {
  const url = `${base(o.publicUrl)}/alerts/${encodeURIComponent(alert.alert_id)}`;
  const parts: LinePart[] = [
    { key: 'brand', text: '【守望】' },
    { key: 'kind', text: alertKindWord(o) },
    { key: 'severity', text: alert.severity },
    unitPart(alert.unit_code, o),
    { key: 'title', text: alert.title.trim().replace(/\s+/g, ' '), min: 2 },
    { key: 'timing', text: dueText(alert.due_at, o, '逾期') },
    ...followUps(o),
  ];
  const { line, cut } = fitLine(parts, url);
  const item: MessageItem = {
    kind: o.kind,
    line,
    url,
    alert: alertForViewers(alert),
    renotify: o.renotify,
    escalation: o.escalation,
  };
  return { ...item, cut };
}

/** When an order's next step is due, or which step is late. */
function orderTiming(order: Supervision, o: TextOptions): string {
  if (order.overdue === 'receive') return dueText(order.receive_due_at, o, '签收逾期');
  if (order.overdue === 'feedback') return dueText(order.feedback_due_at, o, '反馈逾期');
  if (order.state === 'issued') return `${localTime(order.receive_due_at, o.zone)}前签收`;
  return `${localTime(order.feedback_due_at, o.zone)}前反馈`;
}

/** An order as a message item: 「【守望】督办下发 挂牌督办 南宁市青秀分局 12月3日14:30前签收 https://…/duty?order=<id>」. */
export function orderItem(order: Supervision, o: TextOptions): TextItem {
  const url = `${base(o.publicUrl)}/duty?order=${encodeURIComponent(order.supervision_id)}`;
  const parts: LinePart[] = [
    { key: 'brand', text: '【守望】' },
    { key: 'kind', text: KIND_WORDS[o.kind] },
    { key: 'title', text: LEVEL_WORDS[order.level] },
    unitPart(order.unit_code, o),
    { key: 'timing', text: orderTiming(order, o) },
    ...followUps(o),
  ];
  const { line, cut } = fitLine(parts, url);
  const supervision = orderForReader(order, { role: 'viewer', scope: '' }) ?? undefined;
  const item: MessageItem = {
    kind: o.kind,
    line,
    url,
    supervision,
    renotify: o.renotify,
    escalation: o.escalation,
  };
  return { ...item, cut };
}

/** The highest severity among the items' alerts, if any. */
function topSeverity(items: MessageItem[]): string | undefined {
  const found = items
    .map((i) => (i.alert as { severity?: unknown } | undefined)?.severity)
    .filter((s): s is (typeof SEVERITIES)[number] => (SEVERITIES as readonly unknown[]).includes(s));
  return SEVERITIES.find((s) => found.includes(s));
}

/** A message's title: 「守望预警 P1」, 「守望督办」, 「守望预警 P1 3条」 for a batch. */
export function messageTitle(items: MessageItem[]): string {
  const noun =
    items.length > 0 && items.every((i) => i.kind.startsWith('supervision.'))
      ? '督办'
      : items.length > 0 && items.every((i) => i.kind === 'source.outage')
        ? '数据源中断'
        : '预警';
  const severity = topSeverity(items);
  return `守望${noun}${severity ? ` ${severity}` : ''}${items.length > 1 ? ` ${items.length}条` : ''}`;
}
