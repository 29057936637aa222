/**
 * Channel health: consecutive failed attempts per channel, kept in Redis so that every notify process counts
 * the same. The 5th failure in a row raises NOTIFY-FAIL (通知通道故障, P3) — one alert per failing spell, like
 * a source outage — and the next delivered attempt resolves it (`late`: the channel came back).
 */
import type { Redis } from 'ioredis';
import type { Alert } from '../../common/alerts.js';
import { alertId } from '../../common/alerts.js';
import type { AttemptOutcome, ChannelHealth } from '../../common/notify.js';
import { NOTIFY_FAIL, NOTIFY_FAIL_AFTER } from '../../common/notify.js';
import { Coalescer } from '../../common/node/coalescer.js';
import { runScript } from '../../common/node/redis-script.js';
import { change, iso } from '../../alerts/engine/advance.js';
import type { AlertBook } from '../../alerts/orchestrator/index.js';
import { writeAlert } from '../../alerts/orchestrator/write-alert.js';
import type { ResolvedChannel } from '../channels/types.js';
import { NOTIFY_KEYS } from './keys.js';

interface Stored {
  fails: number;
  last_at: string | null;
  last_outcome: AttemptOutcome | null;
  last_error: string;
  alert_id: string | null;
}

/** KEYS: health hash. ARGV: channel, ok (1/0), at, outcome, error, how many attempts in a row had this outcome.
 *  Returns the stored JSON after. */
const NOTE = {
  name: 'vigilNotifyHealth',
  lua: `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local h = cur and cjson.decode(cur) or {fails = 0, alert_id = false}
if ARGV[2] == '1' then h.fails = 0 else h.fails = (h.fails or 0) + tonumber(ARGV[6]) end
h.last_at = ARGV[3]
h.last_outcome = ARGV[4]
h.last_error = ARGV[5]
local out = cjson.encode(h)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out`,
};

const LEGAL_BASIS = '通知通道健康监测：通道连续发送失败时提示管理员检查配置与网络，恢复后自动销警。';

interface Note {
  channel: ResolvedChannel;
  ok: boolean;
  outcome: AttemptOutcome;
  error: string;
  now: number;
}

/** Consecutive notes of one channel with one result, as one note counted `n` times (the last one's details). */
export function runsOf(notes: readonly Note[]): { note: Note; n: number }[] {
  const runs: { note: Note; n: number }[] = [];
  for (const note of notes) {
    const last = runs.at(-1);
    if (last && last.note.channel.id === note.channel.id && last.note.ok === note.ok)
      [last.note, last.n] = [note, last.n + 1];
    else runs.push({ note, n: 1 });
  }
  return runs;
}

export class ChannelHealthBook {
  /** Notes made side by side (the delivery lanes) are written together, in their order. */
  private readonly notes = new Coalescer<Note, void>((notes) => this.noteMany(notes), 1_000);

  constructor(
    private readonly redis: Redis,
    private readonly alerts: AlertBook,
    /** The unit a channel's NOTIFY-FAIL alert belongs to (who may see it). */
    private readonly unitOf: (channel: string) => string,
  ) {}

  /** Notes an attempt's outcome; raises or resolves NOTIFY-FAIL when the spell starts or ends. */
  note(
    channel: ResolvedChannel,
    ok: boolean,
    outcome: AttemptOutcome,
    error: string,
    now: number,
  ): Promise<void> {
    return this.notes.add({ channel, ok, outcome, error, now });
  }

  private async noteMany(notes: readonly Note[]): Promise<void[]> {
    for (const { note, n } of runsOf(notes)) {
      const { channel, ok, outcome, error, now } = note;
      const args = [channel.id, ok ? '1' : '0', iso(now), outcome, error.slice(0, 300), n];
      const h = JSON.parse(
        (await runScript(this.redis, NOTE, [NOTIFY_KEYS.health], args)) as string,
      ) as Stored;
      if (!ok && h.fails >= NOTIFY_FAIL_AFTER && !h.alert_id) await this.raise(channel, h, now);
      if (ok && h.alert_id) await this.resolve(channel.id, h.alert_id, now);
    }
    return notes.map(() => undefined);
  }

  async all(channels: readonly ResolvedChannel[]): Promise<ChannelHealth[]> {
    const raw =
      channels.length > 0 ? await this.redis.hmget(NOTIFY_KEYS.health, ...channels.map((c) => c.id)) : [];
    return channels.map((c, i) => {
      const h = raw[i] ? (JSON.parse(raw[i]!) as Stored) : null;
      return {
        id: c.id,
        type: c.type,
        name: c.name ?? c.id,
        target: targetOf(c),
        consecutive_failures: h?.fails ?? 0,
        last_attempt_at: h?.last_at ?? null,
        last_outcome: h?.last_outcome ?? null,
        last_error: h?.last_error ?? '',
        failing: (h?.fails ?? 0) >= NOTIFY_FAIL_AFTER,
        rate_per_minute: rateOf(c),
      };
    });
  }

  private async raise(channel: ResolvedChannel, h: Stored, now: number): Promise<void> {
    const alert = failAlert(channel, this.unitOf(channel.id), h, now);
    await writeAlert(this.alerts, alert.alert_id, (cur) =>
      cur ? { done: null } : { changes: [change('raised', alert, now)] },
    );
    await this.setAlert(channel.id, alert.alert_id);
  }

  private async resolve(channel: string, id: string, now: number): Promise<void> {
    await writeAlert(this.alerts, id, (cur) =>
      !cur || cur.state === 'resolved'
        ? { done: null }
        : {
            changes: [
              change(
                'resolved',
                { ...cur, state: 'resolved', resolution: 'late', resolved_at: iso(now) },
                now,
              ),
            ],
          },
    );
    await this.setAlert(channel, null);
  }

  private async setAlert(channel: string, id: string | null): Promise<void> {
    const cur = await this.redis.hget(NOTIFY_KEYS.health, channel);
    const h = cur ? (JSON.parse(cur) as Stored) : ({ fails: 0 } as Stored);
    await this.redis.hset(NOTIFY_KEYS.health, channel, JSON.stringify({ ...h, alert_id: id }));
  }
}

/** Messages a minute the channel accepts: its own setting; group robots 20 (the vendors' limit). */
export function rateOf(c: ResolvedChannel): number | null {
  return c.rate_per_minute ?? (c.type === 'wecom' || c.type === 'dingtalk' ? 20 : null);
}

/** Where a channel sends, without secrets: the host, or the SMTP server. */
export function targetOf(c: ResolvedChannel): string {
  if (c.type === 'email') return `smtp://${c.host}:${c.port}`;
  try {
    return new URL(c.url ?? '').host;
  } catch {
    return '';
  }
}

function failAlert(channel: ResolvedChannel, unit: string, h: Stored, now: number): Alert {
  return {
    alert_id: alertId(NOTIFY_FAIL, 'channel', `${channel.id}@${now}`),
    seq: 0,
    rule_id: NOTIFY_FAIL,
    severity: 'P3',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: unit,
    subject: {},
    trigger_event_id: `channel:${channel.id}`,
    satisfied_by_event_id: null,
    due_at: iso(now),
    opened_at: iso(now),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: `通知通道故障：${channel.name ?? channel.id}（连续${h.fails}次失败）`,
    legal_basis: LEGAL_BASIS,
  };
}
