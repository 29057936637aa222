/**
 * What a receiver checks, computed here independently of notify/channels: the webhook's HMAC signature, the
 * DingTalk 加签 and the WeCom / DingTalk markdown message shapes as the vendors document them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceivedRequest } from './notify-http-receiver.js';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether `X-Vigil-Signature` is `sha256=<hex HMAC-SHA256 of the raw body>` with `secret`. */
export function verifyWebhookSignature(
  req: Pick<ReceivedRequest, 'headers' | 'rawBody'>,
  secret: string,
): boolean {
  const got = req.headers['x-vigil-signature'];
  if (typeof got !== 'string') return false;
  const want = `sha256=${createHmac('sha256', secret).update(req.rawBody).digest('hex')}`;
  return same(got, want);
}

/**
 * Whether a DingTalk robot URL's query (already URL-decoded) is signed with `secret`: `timestamp` within
 * `toleranceMs` of `now`, `sign` = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
 */
export function verifyDingtalkSign(
  query: Record<string, string>,
  secret: string,
  toleranceMs: number,
  now: number = Date.now(),
): boolean {
  const ts = query.timestamp;
  const sign = query.sign;
  if (!ts || !sign || !/^\d+$/.test(ts) || Math.abs(now - Number(ts)) > toleranceMs) return false;
  const want = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${ts}\n${secret}`, 'utf8'))
    .digest('base64');
  return same(sign, want);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const extraKeys = (o: Record<string, unknown>, allowed: string[]): string[] =>
  Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => `unexpected key ${k}`);

/** What is wrong with a WeCom robot markdown message (empty: nothing): msgtype, markdown.content ≤ 4096 bytes. */
export function wecomMarkdownProblems(body: unknown): string[] {
  if (!isObject(body)) return ['not a JSON object'];
  const out = extraKeys(body, ['msgtype', 'markdown']);
  if (body.msgtype !== 'markdown') out.push('msgtype is not "markdown"');
  const md = body.markdown;
  if (!isObject(md)) return [...out, 'markdown is not an object'];
  out.push(...extraKeys(md, ['content']));
  if (typeof md.content !== 'string' || md.content === '')
    out.push('markdown.content is not a non-empty string');
  else if (Buffer.byteLength(md.content, 'utf8') > 4096) out.push('markdown.content is over 4096 bytes');
  return out;
}

/** What is wrong with a DingTalk robot markdown message (empty: nothing); `atMobiles` is refused outright. */
export function dingtalkMarkdownProblems(body: unknown): string[] {
  if (!isObject(body)) return ['not a JSON object'];
  const out = extraKeys(body, ['msgtype', 'markdown', 'at']);
  if (body.msgtype !== 'markdown') out.push('msgtype is not "markdown"');
  const md = body.markdown;
  if (!isObject(md)) out.push('markdown is not an object');
  else {
    out.push(...extraKeys(md, ['title', 'text']));
    if (typeof md.title !== 'string' || !md.title) out.push('markdown.title is not a non-empty string');
    if (typeof md.text !== 'string' || !md.text) out.push('markdown.text is not a non-empty string');
  }
  if (body.at !== undefined) {
    if (!isObject(body.at)) return [...out, 'at is not an object'];
    out.push(...extraKeys(body.at, ['atUserIds', 'isAtAll']));
    const ids = body.at.atUserIds;
    if (ids !== undefined && !(Array.isArray(ids) && ids.every((i) => typeof i === 'string')))
      out.push('at.atUserIds is not a list of strings');
    if (body.at.isAtAll !== undefined && typeof body.at.isAtAll !== 'boolean')
      out.push('at.isAtAll is not a boolean');
  }
  return out;
}
