/** The sender of a channel, by its type: the one place that knows every channel type. */
import { createDingtalkSender } from './dingtalk.js';
import { createEmailSender } from './email.js';
import { createSmsSender } from './sms.js';
import type { ChannelSender, ResolvedChannel } from './types.js';
import { createWebhookSender } from './webhook.js';
import { createWecomSender } from './wecom.js';

export interface SenderOptions {
  /** The clock for signatures (DingTalk's timestamp); default Date.now. */
  now?: () => number;
}

export function createSender(channel: ResolvedChannel, opts: SenderOptions = {}): ChannelSender {
  switch (channel.type) {
    case 'webhook':
      return createWebhookSender(channel);
    case 'wecom':
      return createWecomSender(channel);
    case 'dingtalk':
      return createDingtalkSender(channel, opts.now);
    case 'sms':
      return createSmsSender(channel);
    case 'email':
      return createEmailSender(channel);
  }
}
