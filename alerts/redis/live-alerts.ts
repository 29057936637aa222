/**
 * What a server process needs of the live alert state, without an engine: reads of alerts and source health,
 * the alert desk for manual actions, the change stream for resumes and the alert list's `since_seq`.
 */
import type { Redis } from 'ioredis';
import { AlertDesk } from '../orchestrator/index.js';
import type { AlertBook, SourceBook } from '../orchestrator/index.js';
import { ChangeStream } from '../stream/change-stream.js';
import { AlertStore } from './alert-store.js';
import { calendarGaps } from './calendar-gaps.js';
import { SourceStore } from './source-store.js';
import { SupervisionStore } from './supervision-store.js';

export interface LiveAlerts {
  alerts: AlertBook;
  sources: SourceBook;
  desk: AlertDesk;
  changes: ChangeStream;
  /** Supervision orders (read and written from any process; the engine's clerk watches their deadlines). */
  supervisions: SupervisionStore;
  /** Years due dates needed and the calendar lacked (calendar-gaps.ts). */
  calendarGaps: () => Promise<Record<string, string>>;
}

export function liveAlerts(redis: Redis): LiveAlerts {
  const alerts = new AlertStore(redis);
  return {
    alerts,
    sources: new SourceStore(redis),
    desk: new AlertDesk(alerts),
    changes: new ChangeStream(redis),
    supervisions: new SupervisionStore(redis),
    calendarGaps: () => calendarGaps(redis),
  };
}
