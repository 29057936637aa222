/**
 * 一案一档 for a user (CONTRACT.md §8): the component walked over the link index, then everything in it read as
 * the user may see it — events through the scoped reader (left out and counted when outside the scope, masked
 * for the role), the obligations triggered by those events (the spans the timeline draws), their alerts (live
 * state first, else the record) and the orders about them, all in the user's scope.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert } from '../../../common/alerts.js';
import type { AuthUser } from '../../../common/auth.js';
import type { Rule } from '../../../common/rules.js';
import { DOSSIER_MAX_EVENTS, SEARCH_MAX_RESULTS, SEARCH_PREFIX_MIN } from '../../../common/dossier.js';
import type { Dossier, DossierObligation, LinkPair, SearchHit } from '../../../common/dossier.js';
import { fromChTime } from '../../../common/node/ch-time.js';
import { queryRows } from '../../../common/node/clickhouse.js';
import { StageTimer } from '../../../common/node/stage-timer.js';
import type { AlertBook } from '../../../alerts/orchestrator/index.js';
import type { ScopedEventsFor } from '../scoped-events.js';
import type { SupervisionQueries } from '../supervision-queries.js';
import { LinkIndex } from './link-index.js';
import { distinctOrders } from './orders.js';
import { candidateObligationIds } from './obligation-ids.js';
import { pairKey, walkComponent } from './walk.js';
import type { Component } from './walk.js';

export type DossierReader = Pick<AuthUser, 'role' | 'scope'>;

type ObligationRow = Omit<DossierObligation, 'satisfied_at'> & { satisfied_at: string | null };

export class DossierService {
  private readonly index: LinkIndex;

  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly events: ScopedEventsFor,
    private readonly alerts: Pick<AlertBook, 'getMany'>,
    private readonly orders: Pick<SupervisionQueries, 'forAlerts'>,
    private readonly rules: readonly Rule[],
    private readonly maxEvents = DOSSIER_MAX_EVENTS,
  ) {
    this.index = new LinkIndex(clickhouse);
  }

  /**
   * The dossier of `root` as `reader` may see it. After the walk, the events and the chain obligations →
   * alerts → orders are read side by side (neither needs the other). `timer` (optional) gets each stage.
   */
  async dossier(root: LinkPair, reader: DossierReader, timer = new StageTimer()): Promise<Dossier> {
    const component = await walkComponent(root, this.index, this.maxEvents);
    timer.lap('walk', `${component.levels} levels`);
    const ids = component.eventIds;
    const [seen, linked] = await Promise.all([
      timer.measure('events', () =>
        this.events(reader).matching({ ids, links: new Map(), limit: ids.length, indexed: true }),
      ),
      this.linked(component, reader, timer),
    ]);
    return { root, events: seen.events, ...linked, hidden: seen.hidden, truncated: component.truncated };
  }

  /** The component's obligations, their alerts and the orders about them, in the reader's scope. */
  private async linked(component: Component, reader: DossierReader, timer: StageTimer) {
    const obligations = await timer.measure('obligations', () => this.obligations(component, reader.scope));
    const alerts = await timer.measure('alerts', () =>
      this.alertsOf(
        obligations.map((o) => o.obligation_id),
        reader.scope,
      ),
    );
    const orders = await timer.measure('orders', () =>
      this.orders.forAlerts(
        alerts.map((a) => a.alert_id),
        reader,
      ),
    );
    return { obligations, alerts, supervisions: distinctOrders(orders) };
  }

  /** Link-key values by prefix (≥ SEARCH_PREFIX_MIN characters) and people by exact name, ID number or phone. */
  async search(q: string, reader: DossierReader): Promise<SearchHit[]> {
    const [byPrefix, byPerson] = await Promise.all([
      q.length >= SEARCH_PREFIX_MIN ? this.index.byPrefix(q, reader.scope) : Promise.resolve([]),
      this.index.byPerson(q, reader.scope),
    ]);
    const out = new Map<string, SearchHit>();
    for (const h of [...byPerson, ...byPrefix]) {
      const k = pairKey(h);
      if (!out.has(k)) out.set(k, h);
    }
    return [...out.values()].slice(0, SEARCH_MAX_RESULTS);
  }

  /**
   * The obligations triggered by the component's events, in the scope. A whole component names its candidates
   * (obligation-ids.ts), read by the ledger's primary key; a truncated one may miss values that name an
   * obligation of a kept event, so its obligations are first found by trigger event (the skip index), then read
   * by the primary key. A version whose trigger is no longer the obligation's is never shown: the latest version
   * is taken first, its trigger checked after.
   */
  private async obligations(component: Component, scope: string): Promise<DossierObligation[]> {
    const ids = component.eventIds;
    if (ids.length === 0) return [];
    const c = candidateObligationIds(this.rules, component.pairs, ids);
    // Either way the latest version of each obligation is read by the primary key (no FINAL over the ledger).
    const which = component.truncated
      ? `(rule_id, obligation_id) IN (SELECT rule_id, obligation_id FROM obligations
           WHERE trigger_event_id IN {ids:Array(String)})`
      : `rule_id IN {rules:Array(String)} AND obligation_id IN {cands:Array(String)}`;
    const latest = `SELECT * FROM obligations WHERE ${which} ORDER BY version DESC LIMIT 1 BY obligation_id`;
    const rows = await queryRows<ObligationRow>(
      this.clickhouse,
      `SELECT obligation_id, rule_id, unit_code, trigger_event_id, occurred_at, due_at, status, satisfied_at
       FROM (${latest})
       WHERE trigger_event_id IN {ids:Array(String)} AND startsWith(unit_code, {scope:String})
       ORDER BY occurred_at, obligation_id`,
      { ids, scope, rules: c.ruleIds, cands: c.obligationIds },
    );
    return rows.map((r) => ({
      ...r,
      occurred_at: fromChTime(r.occurred_at),
      due_at: fromChTime(r.due_at),
      satisfied_at: r.satisfied_at === null ? null : fromChTime(r.satisfied_at),
    }));
  }

  /** The alerts of these obligations in the scope: the live state where Redis has it, else the record. */
  private async alertsOf(obligationIds: readonly string[], scope: string): Promise<Alert[]> {
    if (obligationIds.length === 0) return [];
    const recorded = await queryRows<{ alert: string }>(
      this.clickhouse,
      `SELECT argMax(alert, seq) AS alert FROM alerts_current
       WHERE alert_id IN {ids:Array(String)} GROUP BY alert_id`,
      { ids: obligationIds },
    );
    const byId = new Map(recorded.map((r) => JSON.parse(r.alert) as Alert).map((a) => [a.alert_id, a]));
    for (const [id, a] of await this.alerts.getMany(obligationIds))
      if (!byId.has(id) || byId.get(id)!.seq < a.seq) byId.set(id, a);
    return [...byId.values()]
      .filter((a) => a.unit_code.startsWith(scope))
      .sort((a, b) => a.opened_at.localeCompare(b.opened_at) || a.alert_id.localeCompare(b.alert_id));
  }
}
