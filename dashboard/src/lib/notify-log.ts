/**
 * The notification log of one alert or order, kept fresh: loaded on request (the subject changed, a timer),
 * at most every 5 s, grouped by delivery. Notifications off (or not for this user) → `off`: show nothing.
 * Pure: the transport (`list`) and the timers are injected; the view wraps it (views/notify/use-notify-log.ts).
 */
import type { NotifyAttempt } from '../../../common/notify.js';
import { groupDeliveries, notifyOff } from './notifications.js';
import type { DeliveryGroup } from './notifications.js';
import { Throttle, browserTimers } from './throttle.js';
import type { Timers } from './throttle.js';

export type NotifyLogState =
  /** Nothing answered yet. */
  | { status: 'loading' }
  /** Notifications are off (or not readable here): nothing to show. */
  | { status: 'off' }
  /** The first load failed. */
  | { status: 'error'; message: string }
  /** The deliveries (maybe none: 未发送通知); `error` when a later reload failed (the groups are the last good). */
  | { status: 'ready'; groups: DeliveryGroup[]; error: string | null };

export const NOTIFY_LOG_MIN_INTERVAL_MS = 5_000;

export interface NotifyLogOptions {
  minIntervalMs?: number;
  firstDelayMs?: number;
  timers?: Timers;
}

export class NotifyLog {
  state: NotifyLogState = { status: 'loading' };
  private readonly throttle: Throttle;
  private disposed = false;

  constructor(
    private readonly list: () => Promise<{ notifications: NotifyAttempt[] }>,
    private readonly onChange: (state: NotifyLogState) => void,
    opts: NotifyLogOptions = {},
  ) {
    this.throttle = new Throttle(
      () => this.load(),
      opts.minIntervalMs ?? NOTIFY_LOG_MIN_INTERVAL_MS,
      opts.timers ?? browserTimers,
      opts.firstDelayMs ?? 0,
    );
  }

  /** Load again (now, or as soon as the interval allows). */
  refresh(): void {
    this.throttle.request();
  }

  dispose(): void {
    this.disposed = true;
    this.throttle.dispose();
  }

  private set(state: NotifyLogState): void {
    if (this.disposed) return;
    this.state = state;
    this.onChange(state);
  }

  private async load(): Promise<void> {
    try {
      const res = await this.list();
      this.set({ status: 'ready', groups: groupDeliveries(res.notifications), error: null });
    } catch (err) {
      if (notifyOff(err)) return this.set({ status: 'off' });
      const message = err instanceof Error ? err.message : String(err);
      const was = this.state;
      this.set(was.status === 'ready' ? { ...was, error: message } : { status: 'error', message });
    }
  }
}
