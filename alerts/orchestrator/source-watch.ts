/**
 * Source health as the orchestrator applies it: the events' activity merged before anything is judged, the
 * holding gate over the current activity, and the periodic judgement (health transitions, outage alerts
 * raised and resolved, held alerts woken when their partition is back or no longer configured).
 */
import type { AlertChange } from '../../common/alerts.js';
import { splitSourceKey } from '../../common/sources.js';
import { change } from '../engine/advance.js';
import type { EngineEvent, Gate } from '../engine/index.js';
import { eventObservations, makeGate, monitorStep, outageResolved } from '../sources/index.js';
import type { SourceActivity, SourceCatalog, SourceState, Transition } from '../sources/index.js';
import { numbered } from './numbering.js';
import type { EngineState } from './state.js';
import { writeAlert } from './write-alert.js';

/** One judgement of source health. */
export interface SourceJudgement {
  changes: AlertChange[];
  transitions: Transition[];
  /** The partitions' activity the judgement was made on (for recording the transitions). */
  activities: Map<string, SourceActivity>;
}

export class SourceWatch {
  constructor(
    private readonly state: EngineState,
    private readonly catalog: SourceCatalog | undefined,
  ) {}

  /** Activity of the events' sources, merged before judging (a backlog counts at once). Freshness is kept
   *  for every catalogued source, expectations or not. */
  async observe(events: readonly EngineEvent[], now: number): Promise<void> {
    if (!this.catalog || this.catalog.specs.length === 0) return;
    await this.state.sources.observe(eventObservations(this.catalog, events, now));
  }

  /** A source's heartbeat for a unit prefix (`asOf`: it has delivered everything up to then). */
  async heartbeat(sourceId: string, prefix: string, now: number, asOf?: number): Promise<void> {
    const spec = this.catalog?.byId.get(sourceId);
    if (!spec) return;
    const o = asOf === undefined ? { heartbeatAt: now } : { heartbeatAt: now, asOf };
    await this.state.sources.observe(new Map([[this.catalog!.keyFor(spec, prefix), o]]));
  }

  /** The holding gate over the current activity and recorded states (undefined: nothing monitored). */
  async gate(): Promise<Gate | undefined> {
    if (!this.catalog?.monitored) return undefined;
    const [activities, states] = await Promise.all([
      this.state.sources.activities(),
      this.state.sources.states(),
    ]);
    return makeGate(this.catalog, { activity: (k) => activities.get(k), state: (k) => states.get(k) });
  }

  async judge(now: number): Promise<SourceJudgement> {
    const sources = this.state.sources;
    const [activities, states] = await Promise.all([sources.activities(), sources.states()]);
    const changes = await this.releaseOrphans(states, now);
    if (!this.catalog?.monitored) return { changes, transitions: [], activities };
    const step = monitorStep(this.catalog, activities, (k) => states.get(k), now);
    for (const o of step.outages) {
      if ('resolve' in o) changes.push(...(await this.resolveOutage(o.resolve, now)));
      else {
        const raised = [change('raised', o.raise, now)];
        const [seq] = await this.state.alerts.apply([{ expectedSeq: 0, changes: raised }]);
        if (seq !== null && seq !== undefined) changes.push(...numbered(raised, seq));
      }
    }
    await sources.setStates(new Map(step.transitions.map((t) => [t.key, t.state])));
    const wake = new Map<string, number | null>();
    for (const [key, upTo] of step.release)
      for (const m of await sources.heldUpTo(key, upTo)) wake.set(m, now);
    await this.state.wakes.set(wake);
    return { changes, transitions: step.transitions, activities };
  }

  /**
   * Partitions recorded under an expectation the configuration no longer has (SOURCES_FILE changed, source
   * removed): nothing will judge them again, so their held alerts are woken (the gate lets them go), their
   * outage alert resolved and their record dropped.
   */
  private async releaseOrphans(states: Map<string, SourceState>, now: number): Promise<AlertChange[]> {
    const catalog = this.catalog;
    const orphans = [...states.keys()].filter((k) => !catalog?.byId.get(splitSourceKey(k).source)?.expect);
    const changes: AlertChange[] = [];
    for (const key of orphans) {
      const wake = new Map((await this.state.sources.heldUpTo(key, Infinity)).map((m) => [m, now]));
      await this.state.wakes.set(wake);
      const outage = states.get(key)?.outageAlertId;
      if (outage) changes.push(...(await this.resolveOutage(outage, now)));
      await this.state.sources.dropState(key);
      states.delete(key);
    }
    return changes;
  }

  private async resolveOutage(alertId: string, now: number): Promise<AlertChange[]> {
    const out = await writeAlert<AlertChange[]>(this.state.alerts, alertId, (cur) =>
      !cur || cur.state === 'resolved'
        ? { done: [] }
        : { changes: [change('resolved', outageResolved(cur, now), now)] },
    );
    return out === null ? [] : 'done' in out ? out.done : out.published;
  }
}
