/**
 * Notifications as the API sees them: the attempts log (scoped), the channels with their health and the
 * queues' pending counts (admin page), and a test message sent at once through a channel (admin), recorded
 * like any attempt. Disabled (null setup) when NOTIFY_FILE is not set.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { ChannelHealth, NotificationsQuery, NotifyAttempt } from '../../common/notify.js';
import { createSender } from '../../notify/channels/index.js';
import { localTime } from '../../notify/texts.js';
import type { Address } from '../../notify/channels/types.js';
import type { NotifySetup } from '../../notify/notify-file.js';
import type { ChannelHealthBook } from '../../notify/queue/health.js';
import type { DeliverQueue, TimerQueue } from '../../notify/queue/jobs.js';
import { NOTIFY_KEYS } from '../../notify/queue/keys.js';
import { attemptRow, listAttempts, pushAttempts } from '../../notify/store/attempts.js';

export interface ChannelsView {
  enabled: boolean;
  file: string | null;
  channels: ChannelHealth[];
  pending: { deliveries: number; timers: number };
}

export type TestOutcome =
  { ok: true; attempt: NotifyAttempt } | { ok: false; code: 'not_found' | 'no_recipient' };

export class NotifyService {
  constructor(
    private readonly o: {
      setup: NotifySetup | null;
      file: string | null;
      redis: Redis;
      clickhouse: ClickHouseClient;
      health: ChannelHealthBook | null;
      queues: { deliver: DeliverQueue; timers: TimerQueue } | null;
      /** Where links in messages point (PUBLIC_URL; known once the server listens). */
      publicUrl: () => string;
      /** The unit's zone (UNIT_TIME_ZONE): the test message's time is local. */
      zone: string;
      now?: () => number;
    },
  ) {}

  get enabled(): boolean {
    return this.o.setup !== null;
  }

  list(q: NotificationsQuery, scope: string): Promise<NotifyAttempt[]> {
    return listAttempts(this.o.redis, this.o.clickhouse, q, scope);
  }

  async channels(): Promise<ChannelsView> {
    const { setup, health, queues } = this.o;
    if (!setup || !health || !queues)
      return { enabled: false, file: null, channels: [], pending: { deliveries: 0, timers: 0 } };
    const d = await queues.deliver.getJobCounts('waiting', 'delayed', 'active');
    return {
      enabled: true,
      file: this.o.file,
      channels: await health.all([...setup.channels.values()]),
      pending: {
        deliveries: (d.waiting ?? 0) + (d.delayed ?? 0) + (d.active ?? 0),
        timers: await this.o.redis.hlen(NOTIFY_KEYS.timers),
      },
    };
  }

  /** Sends a test message through a channel now (to the first contact it reaches, for SMS and email). */
  async test(channelId: string, by: string): Promise<TestOutcome> {
    const setup = this.o.setup!;
    const channel = setup.channels.get(channelId);
    if (!channel) return { ok: false, code: 'not_found' };
    const contact = [...setup.contacts.values()].find((c) => c.via.includes(channelId));
    const needs = channel.type === 'sms' ? 'phone' : channel.type === 'email' ? 'email' : null;
    if (needs && !contact?.[needs]) return { ok: false, code: 'no_recipient' };
    const now = (this.o.now ?? Date.now)();
    const recipient = needs && contact ? `contact:${contact.id}` : `channel:${channelId}`;
    const address: Address = { recipient, ...(needs && contact ? { [needs]: contact[needs] } : {}) };
    const sender = createSender(channel);
    const time = localTime(new Date(now).toISOString(), this.o.zone);
    const line = `【守望】通知通道测试：${channel.name ?? channel.id}，${time}，由${by}发送`;
    const deliveryId = `test|${channelId}|${now}`;
    const kind = 'alert.raised' as const;
    const item = { kind, line, url: this.o.publicUrl(), renotify: 0, escalation: 0 };
    const r = await sender
      .send({ deliveryId, title: '守望通知测试', items: [item] }, address)
      .finally(() => sender.close());
    const attempt: NotifyAttempt = {
      at: new Date(now).toISOString(),
      delivery_id: deliveryId,
      kind,
      renotify: 0,
      escalation: 0,
      alert_id: '',
      supervision_id: '',
      unit_code: '',
      channel: channelId,
      channel_type: channel.type,
      recipient,
      recipient_name: contact && needs ? contact.name : (channel.name ?? channel.id),
      outcome: r.ok ? 'delivered' : 'failed',
      response_code: r.code,
      latency_ms: Math.round(r.latencyMs),
      attempt: 1,
      error: r.error,
      batched: 0,
    };
    await pushAttempts(this.o.redis, [attemptRow(attempt, 0)]);
    await this.o.health?.note(channel, r.ok, attempt.outcome, r.error, now);
    return { ok: true, attempt };
  }
}
