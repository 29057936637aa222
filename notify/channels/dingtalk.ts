/**
 * DingTalk (钉钉) custom robot: a `markdown` message with `at.atUserIds` (never `atMobiles`: phone numbers
 * would leave the network), POSTed to the robot's address; with a 加签 secret the URL gains `timestamp` (ms) and
 * `sign` = urlEncode(base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))). DingTalk shows a mention only
 * when the text also says `@userid`. It answers HTTP 200 with `errcode` (130101: too fast, retried).
 */
import { createHmac } from 'node:crypto';
import { robotMarkdown } from './markdown.js';
import { channelTimeoutMs, httpSend } from './http-send.js';
import { keepAliveTransport } from './http-transport.js';
import type { HttpRequest } from './http-send.js';
import { noUrl } from './results.js';
import type { Address, ChannelSender, OutgoingMessage, ResolvedChannel, SendResult } from './types.js';

/** The text limit used (DingTalk's own is larger; robots are read on phones). */
export const DINGTALK_MAX_BYTES = 4096;

export interface DingtalkPayload {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at: { atUserIds: string[]; isAtAll: false };
}

/** The 加签 signature for a timestamp, URL-encoded as it goes into the query. */
export function dingtalkSign(secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

/** The robot URL, signed when there is a secret (`now`: ms since the epoch). */
export function dingtalkUrl(url: string, secret: string | undefined, now: number): string {
  if (!secret) return url;
  const timestamp = Math.floor(now);
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}timestamp=${timestamp}&sign=${dingtalkSign(secret, timestamp)}`;
}

/** A user id DingTalk can mention. */
const MENTIONABLE = /^[A-Za-z0-9_.@$-]{1,64}$/;

/** The robot message for one address (mentioning its DingTalk user id, if any). */
export function dingtalkPayload(message: OutgoingMessage, to: Address): DingtalkPayload & { cut: number } {
  const ids = to.dingtalk && MENTIONABLE.test(to.dingtalk) ? [to.dingtalk] : [];
  const tail = ids.map((id) => `@${id}`).join(' ');
  const { text, cut } = robotMarkdown(message, tail, DINGTALK_MAX_BYTES);
  return {
    msgtype: 'markdown',
    markdown: { title: message.title, text },
    at: { atUserIds: ids, isAtAll: false },
    cut,
  };
}

/** The HTTP request to the robot at `now`. */
export function dingtalkRequest(
  message: OutgoingMessage,
  to: Address,
  channel: Pick<ResolvedChannel, 'url' | 'secret'>,
  now: number,
): HttpRequest {
  const { msgtype, markdown, at } = dingtalkPayload(message, to);
  return {
    method: 'POST',
    url: dingtalkUrl(channel.url ?? '', channel.secret, now),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ msgtype, markdown, at }),
  };
}

export function createDingtalkSender(channel: ResolvedChannel, now: () => number = Date.now): ChannelSender {
  const timeoutMs = channelTimeoutMs(channel);
  const transport = keepAliveTransport();
  return {
    channel,
    async send(message: OutgoingMessage, to: Address): Promise<SendResult> {
      if (!channel.url) return noUrl(channel.id);
      return httpSend(dingtalkRequest(message, to, channel, now()), { transport, timeoutMs, robot: true });
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
