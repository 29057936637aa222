/**
 * Generic webhook: a JSON POST of the message — `{"kind", "alert"?, "supervision"?, "text", "url",
 * "renotify"?, "escalation"?, "delivery_id", "items"?}` (the first item's fields at the top level; a batch also
 * lists every item in `items`) — signed `X-Vigil-Signature: sha256=<hex HMAC-SHA256 of the raw body>` when the
 * channel has a secret, with `X-Vigil-Delivery` as the receiver's idempotency key.
 */
import { createHmac } from 'node:crypto';
import { channelTimeoutMs, httpSend, mergeHeaders } from './http-send.js';
import { keepAliveTransport } from './http-transport.js';
import type { HttpRequest } from './http-send.js';
import { noUrl, notSent } from './results.js';
import type {
  Address,
  ChannelSender,
  MessageItem,
  OutgoingMessage,
  ResolvedChannel,
  SendResult,
} from './types.js';

export interface WebhookItem {
  kind: MessageItem['kind'];
  alert?: unknown;
  supervision?: unknown;
  text: string;
  url: string;
  renotify?: number;
  escalation?: number;
  /** The server-wide seq at the moment the delivery was decided (see notify/queue/fence.ts). */
  decided_seq?: number;
}

export interface WebhookBody extends WebhookItem {
  delivery_id: string;
  items?: WebhookItem[];
}

/** One item as the webhook receives it (`renotify` and `escalation` only when not zero). */
function webhookItem(item: MessageItem): WebhookItem {
  return {
    kind: item.kind,
    ...(item.alert !== undefined ? { alert: item.alert } : {}),
    ...(item.supervision !== undefined ? { supervision: item.supervision } : {}),
    text: item.line,
    url: item.url,
    ...(item.renotify > 0 ? { renotify: item.renotify } : {}),
    ...(item.escalation > 0 ? { escalation: item.escalation } : {}),
    ...(item.decidedSeq !== undefined ? { decided_seq: item.decidedSeq } : {}),
  };
}

/** The JSON body: the first item at the top level (its `text` all the lines, one a line), a batch in `items`. */
export function webhookBody(message: OutgoingMessage): WebhookBody {
  const items = message.items.map(webhookItem);
  const first = items[0];
  if (!first) throw new Error('a message needs at least one item');
  if (items.length === 1) return { ...first, delivery_id: message.deliveryId };
  return { ...first, text: items.map((i) => i.text).join('\n'), delivery_id: message.deliveryId, items };
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`. */
export function webhookSignature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The signed request (the channel's own headers first; Vigil's headers win over them). */
export function webhookRequest(
  message: OutgoingMessage,
  channel: Pick<ResolvedChannel, 'url' | 'secret' | 'headers'>,
): HttpRequest {
  const body = JSON.stringify(webhookBody(message));
  const own: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Vigil-Delivery': message.deliveryId,
  };
  if (channel.secret) own['X-Vigil-Signature'] = webhookSignature(body, channel.secret);
  return { method: 'POST', url: channel.url ?? '', headers: mergeHeaders(channel.headers, own), body };
}

export function createWebhookSender(channel: ResolvedChannel): ChannelSender {
  const timeoutMs = channelTimeoutMs(channel);
  const transport = keepAliveTransport();
  return {
    channel,
    async send(message: OutgoingMessage, _to: Address): Promise<SendResult> {
      if (!channel.url) return noUrl(channel.id);
      if (message.items.length === 0) return notSent('the message has no items: nothing to send');
      return httpSend(webhookRequest(message, channel), { transport, timeoutMs });
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
