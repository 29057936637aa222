/**
 * WeCom (企业微信) group robot: a `markdown` message POSTed to the robot's address
 * (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`, the key a secret). The content is at most
 * 4096 bytes of UTF-8 (cut with 「其余N条略」); a contact with a WeCom user id is mentioned as `<@userid>`.
 * WeCom answers HTTP 200 with `errcode` (45009: too many messages, retried).
 */
import { robotMarkdown } from './markdown.js';
import { channelTimeoutMs, httpSend } from './http-send.js';
import { keepAliveTransport } from './http-transport.js';
import { noUrl } from './results.js';
import type { HttpRequest } from './http-send.js';
import type { Address, ChannelSender, OutgoingMessage, ResolvedChannel, SendResult } from './types.js';

/** The markdown content limit, in UTF-8 bytes. */
export const WECOM_MAX_BYTES = 4096;

export interface WecomPayload {
  msgtype: 'markdown';
  markdown: { content: string };
}

/** A user id WeCom can mention (nothing that could close the `<@…>` tag). */
const MENTIONABLE = /^[A-Za-z0-9_.@-]{1,64}$/;

/** The robot message for one address (mentioning its WeCom user id, if any). */
export function wecomPayload(message: OutgoingMessage, to: Address): WecomPayload & { cut: number } {
  const mention = to.wecom && MENTIONABLE.test(to.wecom) ? `<@${to.wecom}>` : '';
  const { text, cut } = robotMarkdown(message, mention, WECOM_MAX_BYTES);
  return { msgtype: 'markdown', markdown: { content: text }, cut };
}

/** The HTTP request to the robot. */
export function wecomRequest(message: OutgoingMessage, to: Address, url: string): HttpRequest {
  const { msgtype, markdown } = wecomPayload(message, to);
  return {
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ msgtype, markdown }),
  };
}

export function createWecomSender(channel: ResolvedChannel): ChannelSender {
  const timeoutMs = channelTimeoutMs(channel);
  const transport = keepAliveTransport();
  return {
    channel,
    async send(message: OutgoingMessage, to: Address): Promise<SendResult> {
      if (!channel.url) return noUrl(channel.id);
      return httpSend(wecomRequest(message, to, channel.url), { transport, timeoutMs, robot: true });
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
