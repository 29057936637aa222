/**
 * SMS through an HTTP gateway: the channel's method, URL, headers and body template with `{{phone}}` and
 * `{{text}}`. Values are escaped for where they land: URL-encoded in the URL; in the body JSON-escaped when the
 * body is JSON (a JSON Content-Type, or a template starting with `{` or `[`), form-encoded for
 * application/x-www-form-urlencoded, else as they are; a GET sends no body.
 * The text is built to fit ONE segment (70 UTF-16 units, as UCS-2 SMS counts them): see smsText.
 */
import { channelTimeoutMs, headerValue, httpSend, mergeHeaders } from './http-send.js';
import { keepAliveTransport } from './http-transport.js';
import type { HttpRequest } from './http-send.js';
import { lineText } from './markdown.js';
import { noUrl, notSent } from './results.js';
import type {
  Address,
  ChannelSender,
  MessageItem,
  OutgoingMessage,
  ResolvedChannel,
  SendResult,
} from './types.js';

/** Characters of one UCS-2 SMS segment. */
export const SMS_SEGMENT = 70;
const BRAND = '【守望】';

export interface SmsText {
  text: string;
  /** Items of the message not named in the text (said in it as 「等N条」). */
  cut: number;
}

/** `s` cut to `max` characters, the last one 「…」 when anything was cut. */
function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  return max <= 0 ? '' : `${s.slice(0, max - 1)}…`;
}

/** One item: its line when it fits, else its text shortened before its link (the link is never cut). */
function oneItem(item: MessageItem): string {
  if (item.line.length <= SMS_SEGMENT) return item.line;
  const text = lineText(item);
  const link = item.url && item.line.trimEnd().endsWith(item.url) ? item.url : '';
  if (!link || link.length + 2 > SMS_SEGMENT) return shorten(text, SMS_SEGMENT);
  return `${shorten(text, SMS_SEGMENT - link.length - 1)} ${link}`;
}

/** An item's text without the link and the brand (the batch says the brand once). */
function bare(item: MessageItem): string {
  const text = lineText(item);
  return text.startsWith(BRAND) ? text.slice(BRAND.length).trim() : text;
}

/**
 * The SMS text, at most 70 characters. One item: its line (a line over 70 has its text part shortened with
 * 「…」, never its link). Several: 「【守望】N条预警：a；b等K条 <first item's link>」 — whole item texts while they
 * fit, the rest counted in 「等K条」 and in `cut`; the first text is shortened with 「…」 when even it does not
 * fit, and the link is left out when it does not fit beside the count.
 */
export function smsText(message: OutgoingMessage): SmsText {
  const items = message.items;
  if (items.length <= 1) return { text: items[0] ? oneItem(items[0]) : '', cut: 0 };
  const noun = items.every((i) => i.kind.startsWith('supervision.')) ? '督办' : '预警';
  const head = `${BRAND}${items.length}条${noun}：`;
  const link = items[0]!.url;
  const build = (texts: string[], rest: number, url: string): string =>
    `${head}${texts.join('；')}${rest > 0 ? `等${rest}条` : ''}${url ? ` ${url}` : ''}`;
  const url = build([], items.length, link).length <= SMS_SEGMENT ? link : '';
  const shown: string[] = [];
  for (const item of items) {
    const next = [...shown, bare(item)];
    if (build(next, items.length - next.length, url).length > SMS_SEGMENT) break;
    shown.push(bare(item));
  }
  if (shown.length === 0) {
    const room = SMS_SEGMENT - build([''], items.length - 1, url).length;
    if (room >= 4) shown.push(shorten(bare(items[0]!), room));
  }
  const cut = items.length - shown.length;
  return { text: shorten(build(shown, cut, url), SMS_SEGMENT), cut };
}

type Escape = (v: string) => string;
const jsonEscape: Escape = (v) => JSON.stringify(v).slice(1, -1);
const formEscape: Escape = (v) => new URLSearchParams({ v }).toString().slice(2);
const rawValue: Escape = (v) => v;

/** `{{phone}}` and `{{text}}` replaced, each value escaped by `escape`. */
export function fillTemplate(
  template: string,
  values: { phone: string; text: string },
  escape: Escape,
): string {
  return template.replace(/\{\{\s*(phone|text)\s*\}\}/g, (_m, key: 'phone' | 'text') => escape(values[key]));
}

/** How the body template's values are escaped, and the Content-Type to send when the channel names none. */
function bodyKind(channel: Pick<ResolvedChannel, 'headers'>, body: string): { escape: Escape; type: string } {
  const declared = (headerValue(channel.headers, 'content-type') ?? '').toLowerCase();
  if (declared.includes('json') || (!declared && /^\s*[[{]/.test(body)))
    return { escape: jsonEscape, type: 'application/json; charset=utf-8' };
  if (declared.includes('x-www-form-urlencoded'))
    return { escape: formEscape, type: 'application/x-www-form-urlencoded' };
  return { escape: rawValue, type: 'text/plain; charset=utf-8' };
}

export interface SmsChannelFields {
  method?: 'GET' | 'POST' | 'PUT';
  url?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The gateway request sending `text` to `phone`. */
export function smsRequest(channel: SmsChannelFields, phone: string, text: string): HttpRequest {
  const method = channel.method ?? 'POST';
  const url = fillTemplate(channel.url ?? '', { phone, text }, encodeURIComponent);
  if (method === 'GET' || channel.body === undefined)
    return { method, url, headers: mergeHeaders(channel.headers, {}) };
  const { escape, type } = bodyKind(channel, channel.body);
  const headers = headerValue(channel.headers, 'content-type')
    ? mergeHeaders(channel.headers, {})
    : mergeHeaders(channel.headers, { 'Content-Type': type });
  return { method, url, headers, body: fillTemplate(channel.body, { phone, text }, escape) };
}

export function createSmsSender(channel: ResolvedChannel): ChannelSender {
  const timeoutMs = channelTimeoutMs(channel);
  const transport = keepAliveTransport();
  const fields: SmsChannelFields = channel.type === 'sms' ? channel : { url: channel.url };
  return {
    channel,
    async send(message: OutgoingMessage, to: Address): Promise<SendResult> {
      if (!channel.url) return noUrl(channel.id);
      if (!to.phone) return notSent(`${to.recipient}: contact has no phone`);
      return httpSend(smsRequest(fields, to.phone, smsText(message).text), { transport, timeoutMs });
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
