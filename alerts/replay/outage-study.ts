/**
 * What holding changes (no false absences while a source is down), measured on a simulated history with injected source outages, in the pure
 * engine with a processing clock: the simulator's events arrive at their send times, except a down source's,
 * which arrive when it is back (its backlog), some time after, or never. Every source heartbeats every few
 * minutes while up. The same arrivals are judged twice — without source health (CONTRACT.md §2 alone) and with
 * the sources' expectations — and the alerts that reached the wall are counted.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { Rule } from '../../common/rules.js';
import { SOURCE_OUTAGE_RULE_ID } from '../../common/sources.js';
import type { EngineEvent } from '../engine/index.js';
import { memoryEngine } from '../orchestrator/index.js';
import type { SourceCatalog } from '../sources/index.js';
import type { SimulatedSend } from './simulated.js';

export interface Outage {
  source: string;
  /** Processing-time window during which nothing of it arrives. */
  from: number;
  to: number;
  /** When its events of the window arrive: at `to` plus this delay, or never (null). */
  backlogDelayMs: number | null;
}

export interface StudyRun {
  /** Overdue alerts that were ever open (on the wall as violations). */
  raised: number;
  /** Of those, resolved on_time in the end: false absences the wall showed. */
  falseAlarms: number;
  /** Alerts that are violations in the end (open, or resolved late / by hand), by id. */
  violations: string[];
  /** Alerts ever held; of those resolved without being raised; of those raised after judgement. */
  held: number;
  heldResolved: number;
  heldRaised: number;
  outageAlerts: number;
  /** False alarms by rule. */
  falseByRule: Record<string, number>;
  wallMs: number;
}

export interface StudyOptions {
  rules: readonly Rule[];
  catalog: SourceCatalog;
  graceMs: number;
  sends: readonly SimulatedSend[];
  outages: readonly Outage[];
  /** Judge until then (processing time). */
  until: number;
  tickMs?: number;
  heartbeatMs?: number;
  /** Unit prefix the heartbeats speak for. */
  prefix?: string;
}

/** The arrivals: send times, moved (or dropped) for the down sources. */
export function arrivals(o: StudyOptions): { at: number; event: EngineEvent }[] {
  const out: { at: number; event: EngineEvent }[] = [];
  for (const s of o.sends) {
    const source = o.catalog.sourceOf(s.event.type, s.event.source)?.id;
    const outage = o.outages.find((x) => x.source === source && s.at >= x.from && s.at < x.to);
    if (outage && outage.backlogDelayMs === null) continue;
    const at = outage ? outage.to + outage.backlogDelayMs! : s.at;
    out.push({ at, event: { ...s.event, ingested_at: new Date(at).toISOString() } });
  }
  return out.sort((a, b) => a.at - b.at);
}

async function run(o: StudyOptions, withSources: boolean): Promise<StudyRun> {
  const started = performance.now();
  const engine = memoryEngine(o.rules, { graceMs: o.graceMs, sources: withSources ? o.catalog : undefined });
  const tickMs = o.tickMs ?? 60_000;
  const beatMs = o.heartbeatMs ?? 300_000;
  const prefix = o.prefix ?? '45';
  const queue = arrivals(o);
  const opened = new Set<string>();
  const held = new Set<string>();
  const note = (changes: readonly AlertChange[]) => {
    for (const c of changes) {
      if (c.alert.rule_id === SOURCE_OUTAGE_RULE_ID) continue;
      if (c.alert.state === 'held') held.add(c.alert_id);
      if (c.alert.stage === 'overdue' && (c.alert.state === 'open' || c.kind === 'raised'))
        opened.add(c.alert_id);
    }
  };
  let i = 0;
  const start = Math.floor((queue[0]?.at ?? o.until) / tickMs) * tickMs;
  for (let now = start; now <= o.until; now += tickMs) {
    if (withSources && now % beatMs === 0)
      for (const spec of o.catalog.specs)
        if (!o.outages.some((x) => x.source === spec.id && now >= x.from && now < x.to))
          await engine.heartbeat(spec.id, prefix, now);
    const batch: EngineEvent[] = [];
    while (i < queue.length && queue[i]!.at <= now) batch.push(queue[i++]!.event);
    note((await engine.ingest(batch, now)).changes);
    note(await engine.tick(now));
  }
  const alerts = engine.state.allAlerts();
  const rules = alerts.filter((a) => a.rule_id !== SOURCE_OUTAGE_RULE_ID);
  const falseOnes = rules.filter((a) => opened.has(a.alert_id) && a.resolution === 'on_time');
  const falseByRule: Record<string, number> = {};
  for (const a of falseOnes) falseByRule[a.rule_id] = (falseByRule[a.rule_id] ?? 0) + 1;
  const isViolation = (a: Alert) => a.state !== 'held' && a.resolution !== 'on_time';
  return {
    raised: opened.size,
    falseAlarms: falseOnes.length,
    violations: rules
      .filter(isViolation)
      .map((a) => a.alert_id)
      .sort(),
    held: held.size,
    heldResolved: rules.filter(
      (a) => held.has(a.alert_id) && !opened.has(a.alert_id) && a.state === 'resolved',
    ).length,
    heldRaised: rules.filter((a) => held.has(a.alert_id) && opened.has(a.alert_id)).length,
    outageAlerts: alerts.filter((a) => a.rule_id === SOURCE_OUTAGE_RULE_ID).length,
    falseByRule,
    wallMs: performance.now() - started,
  };
}

export async function outageStudy(o: StudyOptions): Promise<{ without: StudyRun; with: StudyRun }> {
  return { without: await run(o, false), with: await run(o, true) };
}
