/**
 * The courier sends one message for one or more deliveries to one channel: it decides each delivery at the
 * fence (still wanted, not delivered before), builds the message from the subject as it stands now, sends,
 * then records every attempt, notes the channel's health and marks what was delivered. It answers whether a
 * retry can help; the queue worker does the retrying.
 */
import type { Redis } from 'ioredis';
import type { Alert } from '../../common/alerts.js';
import type { AttemptOutcome, NotifyAttempt } from '../../common/notify.js';
import type { Supervision } from '../../common/supervision.js';
import type { Address, ChannelSender, MessageItem, SendResult } from '../channels/types.js';
import type { NotifySetup } from '../notify-file.js';
import type { Delivery } from '../plan/deliveries.js';
import { wantedState } from '../plan/triggers.js';
import { attemptRow } from '../store/attempts.js';
import type { AttemptRow } from '../store/attempts.js';
import { alertItem, messageTitle, orderItem } from '../texts.js';
import { Fence } from './fence.js';
import type { ChannelHealthBook } from './health.js';
import type { DeliveryJob } from './jobs.js';

export interface CourierDeps {
  redis: Redis;
  setup: NotifySetup;
  senders: ReadonlyMap<string, ChannelSender>;
  health: ChannelHealthBook;
  /** Where links in messages point (PUBLIC_URL; known once the server listens). */
  publicUrl: () => string;
  zone: string;
  unitName: (code: string) => string | undefined;
  now: () => number;
}

/** What became of a send: `retry` — it failed in a way a later try can mend. */
export type CourierResult = 'sent' | 'nothing' | 'retry' | 'gave_up';

interface Going {
  job: DeliveryJob;
  item: MessageItem;
  seq: number;
  unit: string;
}

export class Courier {
  private readonly fence: Fence;

  constructor(private readonly deps: CourierDeps) {
    this.fence = new Fence(deps.redis);
  }

  /** Sends the deliveries (one channel, one recipient each; several only when batched) as one message. */
  async send(jobs: readonly DeliveryJob[], attempt: number, giveUpAt: number): Promise<CourierResult> {
    const going: Going[] = [];
    let busy = false;
    for (const job of jobs) {
      const g = await this.decideOne(job, attempt);
      if (g === 'busy') busy = true;
      else if (g) going.push(g);
    }
    if (going.length === 0) return busy ? 'retry' : 'nothing';
    const first = going[0]!.job.d;
    const sender = this.deps.senders.get(first.channel)!;
    const items = going.map((g) => g.item);
    const result = await sender.send(
      { deliveryId: first.id, title: messageTitle(items), items },
      this.addressOf(first.recipient),
    );
    return this.settle(going, result, attempt, giveUpAt);
  }

  /**
   * The fence's decision for one delivery; a cancelled one is recorded as such; `busy` — another sender has
   * it now — is looked at again later (it is then delivered, or that sender failed and this one sends it).
   */
  private async decideOne(job: DeliveryJob, attempt: number): Promise<Going | 'busy' | null> {
    const d = job.d;
    const dec = await this.fence.decide(d.subject, d.id, wantedState(d.kind));
    if (!dec.go) {
      if (dec.why === 'busy') return 'busy';
      if (dec.why !== 'done')
        await this.record([{ d, unit: '', seq: dec.seq }], 'cancelled', null, attempt, 0);
      return null;
    }
    const o = { ...this.opts(d) };
    const item =
      d.subject.type === 'a' ? alertItem(dec.subject as Alert, o) : orderItem(dec.subject as Supervision, o);
    const unit = (dec.subject as { unit_code: string }).unit_code;
    return { job, item: { ...item, decidedSeq: dec.seq }, seq: dec.seq, unit };
  }

  private opts(d: Delivery) {
    const { zone, unitName } = this.deps;
    const publicUrl = this.deps.publicUrl();
    return { kind: d.kind, renotify: d.renotify, escalation: d.escalation, publicUrl, zone, unitName };
  }

  private async settle(
    going: Going[],
    r: SendResult,
    attempt: number,
    giveUpAt: number,
  ): Promise<CourierResult> {
    const channel = this.deps.setup.channels.get(going[0]!.job.d.channel)!;
    const late = this.deps.now() >= giveUpAt;
    const outcome: AttemptOutcome = r.ok ? 'delivered' : r.retryable && !late ? 'failed' : 'gave_up';
    const rows = going.map((g) => ({ d: g.job.d, unit: g.unit, seq: g.seq }));
    const ids = going.map((g) => g.job.d.id);
    await this.record(rows, outcome, r, attempt, going.length - 1, ids);
    await this.deps.health.note(channel, r.ok, outcome, r.error, this.deps.now());
    if (r.ok) return 'sent';
    return outcome === 'failed' ? 'retry' : 'gave_up';
  }

  private async record(
    rows: readonly { d: Delivery; unit: string; seq: number }[],
    outcome: AttemptOutcome,
    r: SendResult | null,
    attempt: number,
    batched: number,
    /** The deliveries sent (their locks let go; delivered: marked for good); none for a cancelled one. */
    sent: readonly string[] = [],
  ): Promise<void> {
    const out: AttemptRow[] = rows.map(({ d, unit, seq }) =>
      attemptRow(this.attempt(d, unit, outcome, r, attempt, batched), seq),
    );
    await this.fence.settle({ rows: out, deliveryIds: sent, delivered: r?.ok === true });
  }

  private attempt(
    d: Delivery,
    unit: string,
    outcome: AttemptOutcome,
    r: SendResult | null,
    attempt: number,
    batched: number,
  ): NotifyAttempt {
    const channel = this.deps.setup.channels.get(d.channel);
    const contact = d.recipient.startsWith('contact:')
      ? this.deps.setup.contacts.get(d.recipient.slice(8))
      : undefined;
    return {
      at: new Date(this.deps.now()).toISOString(),
      delivery_id: d.id,
      kind: d.kind,
      renotify: d.renotify,
      escalation: d.escalation,
      alert_id: d.subject.type === 'a' ? d.subject.id : '',
      supervision_id: d.subject.type === 's' ? d.subject.id : '',
      unit_code: unit,
      channel: d.channel,
      channel_type: channel?.type ?? 'webhook',
      recipient: d.recipient,
      recipient_name: contact?.name ?? channel?.name ?? d.channel,
      outcome,
      response_code: r?.code ?? 0,
      latency_ms: Math.round(r?.latencyMs ?? 0),
      attempt,
      error: r?.error ?? (outcome === 'cancelled' ? '已签收、已处置或已反馈，不再通知' : ''),
      batched,
    };
  }

  /** A recipient's address on its channel: the contact's (never stored in queue jobs), or the channel's own. */
  addressOf(recipient: string): Address {
    if (!recipient.startsWith('contact:')) return { recipient };
    const c = this.deps.setup.contacts.get(recipient.slice(8));
    if (!c) return { recipient };
    const out: Address = { recipient };
    if (c.phone) out.phone = c.phone;
    if (c.email) out.email = c.email;
    if (c.wecom) out.wecom = c.wecom;
    if (c.dingtalk) out.dingtalk = c.dingtalk;
    return out;
  }
}
