/**
 * What a channel is given and what it answers: one message (already free of personal data) to one address,
 * and the outcome of the attempt. Each channel type (webhook.ts, wecom.ts, dingtalk.ts, sms.ts, email.ts)
 * builds its vendor's request from these and sends it; nothing here knows about queues or retries.
 */
import type { ChannelConfig, NotifyKind } from '../../common/notify.js';

/** A channel with its secrets read from the environment (`url_env`, `secret_env`, `pass_env`, `headers_env`). */
export type ResolvedChannel = ChannelConfig & {
  /** Every secret resolved: the URL, HMAC / 加签 secret, SMTP password, header values. */
  url?: string;
  secret?: string;
  pass?: string;
  headers?: Record<string, string>;
};

/** One item of a message: an alert or an order, as text, with its link. */
export interface MessageItem {
  kind: NotifyKind;
  /** Short zh-CN line, no personal data (for SMS: ≤ 70 characters with the link). */
  line: string;
  url: string;
  /** What the webhook receives as `alert` or `supervision` (masked as for viewers). */
  alert?: unknown;
  supervision?: unknown;
  renotify: number;
  escalation: number;
  /** The server-wide seq when it was decided to send it (the fence): later than no acknowledgement. */
  decidedSeq?: number;
}

/** A message: one item, or several batched when a robot's rate limit is reached. */
export interface OutgoingMessage {
  /** The delivery's idempotency key (X-Vigil-Delivery); for a batch, the first item's. */
  deliveryId: string;
  /** zh-CN title, e.g. 「守望预警 P1」. */
  title: string;
  items: MessageItem[];
}

/** Who receives it on this channel: a contact's address, or the channel itself (a group robot, a webhook). */
export interface Address {
  /** `contact:<id>` or `channel:<id>`. */
  recipient: string;
  phone?: string;
  email?: string;
  wecom?: string;
  dingtalk?: string;
}

export interface SendResult {
  ok: boolean;
  /** HTTP status or SMTP reply code; 0 when none came (refused, timed out). */
  code: number;
  latencyMs: number;
  /** Empty on success; says what went wrong (never a secret). */
  error: string;
  /** Whether trying again can help (timeouts, 5xx, 429, refused connections; not 4xx). */
  retryable: boolean;
}

export interface ChannelSender {
  readonly channel: ResolvedChannel;
  send(message: OutgoingMessage, to: Address): Promise<SendResult>;
  close(): Promise<void>;
}
