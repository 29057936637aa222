/**
 * The orchestrator as the engine tests drive it: changes as arrays, every alert it ever published readable in
 * one call, manual actions through the alert desk at an explicit time. Wraps either form — a memory state
 * (unit tests) or the Redis state (integration tests) — so one test body runs against both.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { EngineEvent } from '../../alerts/engine/index.js';
import { AlertDesk } from '../../alerts/orchestrator/index.js';
import type { AlertOrchestrator, ManualOutcome } from '../../alerts/orchestrator/index.js';

export class TestEngine {
  private readonly seen = new Set<string>();
  private readonly desk: AlertDesk;

  constructor(readonly orchestrator: AlertOrchestrator) {
    this.desk = new AlertDesk(orchestrator.state.alerts);
  }

  async ingest(events: readonly EngineEvent[], now: number): Promise<AlertChange[]> {
    return this.note((await this.orchestrator.ingest(events, now)).changes);
  }

  async tick(now: number): Promise<AlertChange[]> {
    return this.note(await this.orchestrator.tick(now));
  }

  /** Every alert published so far, by alert_id. */
  async alerts(): Promise<Alert[]> {
    const all = await this.orchestrator.state.alerts.getMany([...this.seen]);
    return [...all.values()].sort((a, b) => (a.alert_id < b.alert_id ? -1 : 1));
  }

  async get(alertId: string): Promise<Alert | undefined> {
    return (await this.orchestrator.state.alerts.get(alertId)) ?? undefined;
  }

  nextWakeAt(): Promise<number | null> {
    return this.orchestrator.nextWakeAt();
  }

  heartbeat(sourceId: string, prefix: string, now: number, asOf?: number): Promise<void> {
    return this.orchestrator.heartbeat(sourceId, prefix, now, asOf);
  }

  async acknowledge(alertId: string, actor: string, now: number, note?: string): Promise<ManualOutcome> {
    return this.manual(await this.desk.acknowledge(alertId, actor, { note, at: now }));
  }

  async resolve(alertId: string, actor: string, now: number, note: string): Promise<ManualOutcome> {
    return this.manual(await this.desk.resolve(alertId, actor, note, now));
  }

  private manual(outcome: ManualOutcome): ManualOutcome {
    if (outcome.ok) this.note(outcome.changes);
    return outcome;
  }

  private note(changes: AlertChange[]): AlertChange[] {
    for (const c of changes) this.seen.add(c.alert_id);
    return changes;
  }
}
