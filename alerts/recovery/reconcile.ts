/**
 * The safety net (ARCHITECTURE.md §4): for each deadline rule a ClickHouse query over `events` finds
 * subjects whose first trigger has no satisfier within the rule's shortest possible limit — a superset of
 * the violations. Subjects without an alert in Redis are re-evaluated by the engine from their stored
 * events (and those one link away); whatever the streaming path missed is raised, marked as found by
 * reconciliation, and logged loudly. Re-evaluating what the engine already knew changes nothing.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { alertId } from '../../common/alerts.js';
import type { AlertChange } from '../../common/alerts.js';
import { LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { Logger } from '../../common/node/logger.js';
import { parseLimit } from '../../common/rules.js';
import type { DeadlineRule, Rule } from '../../common/rules.js';
import type { Obligation } from '../engine/index.js';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { fromRow } from '../../common/node/event-row.js';
import type { EventRow } from '../../common/node/event-row.js';
import type { AlertOrchestrator } from '../orchestrator/index.js';

export interface ReconcileDeps {
  clickhouse: ClickHouseClient;
  engine: AlertOrchestrator;
  rules: readonly Rule[];
  graceMs: number;
  logger: Logger;
  /** How far back triggers are checked. */
  lookbackMs?: number;
  now?: () => number;
}

export interface ReconcileReport {
  candidates: number;
  reevaluated: number;
  /** Alerts found (raised, or held while a source is down). */
  raised: AlertChange[];
  /** The obligations re-derived, for the ledger. */
  obligations: Obligation[];
}

/** The shortest limit a rule can have (0 when it comes from the trigger, e.g. due_back_at). */
/** A lower bound of a limit in milliseconds: n days last at least n × 24 h, a month at least 28 days. */
function nominalMs(text: string): number {
  const l = parseLimit(text);
  if (l === null) return 0;
  if ('exact' in l) return l.exact;
  return l.period.amount * (l.period.unit === 'd' ? 1 : 28) * 86_400_000;
}

export function shortestLimitMs(rule: DeadlineRule): number {
  const l = rule.limit;
  const all = [
    l.duration,
    l.default,
    ...Object.values(l.values ?? {}),
    ...(l.overrides ?? []).map((o) => o.duration),
  ]
    .filter((d): d is string => d !== undefined)
    .map(nominalMs);
  return l.at_field !== undefined || all.length === 0 ? 0 : Math.min(...all);
}

function column(key: string): LinkKey {
  if (!LINK_KEYS.includes(key as LinkKey)) throw new Error(`not a link key: ${key}`);
  return key as LinkKey;
}

async function candidates(
  deps: ReconcileDeps,
  rule: DeadlineRule,
  now: number,
  lookback: number,
): Promise<string[]> {
  const subject = column(rule.subject);
  const minMs = shortestLimitMs(rule);
  const params = {
    trig: rule.trigger.types,
    sat: rule.satisfiers.flatMap((s) => s.types),
    from: chTimeOfMs(now - lookback),
    latest: chTimeOfMs(now - minMs - deps.graceMs),
    min: minMs,
  };
  const via = rule.trigger.via;
  const triggers = via
    ? `SELECT b.${subject} AS v, min(c.first_trig) AS first_trig FROM events AS b
       INNER JOIN (SELECT ${column(via.on)} AS k, min(occurred_at) AS first_trig FROM events
                   WHERE type IN {trig:Array(String)} AND ${column(via.on)} != '' AND occurred_at >= {from:DateTime64(3, 'UTC')}
                   GROUP BY k HAVING first_trig <= {latest:DateTime64(3, 'UTC')}) AS c ON b.${column(via.on)} = c.k
       WHERE b.type IN {via:Array(String)} AND b.${subject} != '' GROUP BY v`
    : `SELECT ${subject} AS v, min(occurred_at) AS first_trig FROM events
       WHERE type IN {trig:Array(String)} AND ${subject} != '' AND occurred_at >= {from:DateTime64(3, 'UTC')}
       GROUP BY v HAVING first_trig <= {latest:DateTime64(3, 'UTC')}`;
  const rows = await queryRows<{ v: string }>(
    deps.clickhouse,
    `SELECT t.v AS v FROM (${triggers}) AS t
     LEFT JOIN (SELECT ${subject} AS v, min(occurred_at) AS first_sat FROM events
                WHERE type IN {sat:Array(String)} AND ${subject} != '' GROUP BY v) AS s ON s.v = t.v
     WHERE s.v = '' OR s.first_sat > t.first_trig + toIntervalMillisecond({min:UInt64})
     LIMIT 100000`,
    { ...params, ...(via ? { via: via.types } : {}) },
  );
  return rows.map((r) => r.v);
}

/** Stored events of these (key, value) subjects and of everything one link away. */
async function eventsAround(client: ClickHouseClient, seeds: Map<LinkKey, Set<string>>): Promise<EventRow[]> {
  const load = async (keys: Map<LinkKey, Set<string>>): Promise<EventRow[]> => {
    const parts = [...keys.entries()].filter(([, v]) => v.size > 0);
    if (parts.length === 0) return [];
    const where = parts.map(([k], i) => `${column(k)} IN {v${i}:Array(String)}`).join(' OR ');
    const params = Object.fromEntries(parts.map(([, v], i) => [`v${i}`, [...v]]));
    return queryRows<EventRow>(client, `SELECT * FROM events WHERE ${where}`, params);
  };
  const first = await load(seeds);
  const hop = new Map<LinkKey, Set<string>>();
  for (const row of first) {
    for (const k of LINK_KEYS) {
      if (row[k] && !seeds.get(k)?.has(row[k])) hop.set(k, (hop.get(k) ?? new Set()).add(row[k]));
    }
  }
  return [...first, ...(await load(hop))];
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const now = (deps.now ?? Date.now)();
  const report: ReconcileReport = { candidates: 0, reevaluated: 0, raised: [], obligations: [] };
  for (const rule of deps.rules) {
    if (rule.kind !== 'deadline' || rule.enabled === false) continue;
    const lookback = deps.lookbackMs ?? Math.max(60 * 86_400_000, 2 * shortestLimitMs(rule));
    const values = await candidates(deps, rule, now, lookback);
    report.candidates += values.length;
    if (values.length === 0) continue;
    const ids = values.map((v) => alertId(rule.id, rule.subject, v));
    const known = await deps.engine.state.alerts.existing(ids);
    const missing = values.filter((_, i) => !known.has(ids[i]!));
    for (let i = 0; i < missing.length; i += 2_000) {
      const chunk = missing.slice(i, i + 2_000);
      const rows = await eventsAround(deps.clickhouse, new Map([[column(rule.subject), new Set(chunk)]]));
      report.reevaluated += chunk.length;
      const step = await deps.engine.ingest(rows.map(fromRow), now, {
        foundBy: 'reconciliation',
        force: true,
      });
      report.raised.push(...step.changes.filter((c) => c.kind === 'raised' || c.kind === 'held'));
      report.obligations.push(...step.obligations);
    }
  }
  if (report.raised.length > 0) {
    deps.logger.error(
      { raised: report.raised.length, alerts: report.raised.slice(0, 20).map((c) => c.alert_id) },
      'RECONCILIATION raised alerts the streaming path missed — check the ingest → engine hand-off',
    );
  }
  return report;
}
